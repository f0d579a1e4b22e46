"""The yearly report of members' community work (规范 第十四条), workroom inspections
(规范 第十五条), the dates the report jobs run on, and the generated files.

A district's report is a row per district and year. While it is a draft its figures are
computed live from the records; submitting it stores them (`figures`) and from then on the
report shows that snapshot, whatever later edits do to the records, until the municipal
office reopens it with a reason (`ReportReopening`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from core.fields import LimitedTextField

from .choices import (
    DisplayStatus,
    DocumentKind,
    FileFormat,
    FileStatus,
    InspectingBody,
    InspectionRating,
    ReportStatus,
    ScheduleKind,
)


class WorkroomInspectionQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("workroom__town__district",),
        "town": ("workroom__town",),
        "clerk": ("workroom__clerk",),
    }

    def in_year(self, year: int):
        return self.filter(year=year)


class WorkroomInspection(models.Model):
    """One check of a workroom's work by the city or district CPPCC office (规范 第十五条:
    市、区政协工作部门每年对辖区内工作室的工作情况进行检查、督导)."""

    workroom = models.ForeignKey(
        "workrooms.Workroom", verbose_name=_("工作室"), on_delete=models.PROTECT,
        related_name="inspections",
    )
    year = models.PositiveSmallIntegerField(_("检查年度"))
    date = models.DateField(_("检查日期"))
    body = models.CharField(
        _("检查单位"), max_length=8, choices=InspectingBody.choices,
        default=InspectingBody.DISTRICT,
    )
    inspectors = models.CharField(_("检查人员"), max_length=200)
    findings = LimitedTextField(_("检查发现"), max_length=5000)
    rating = models.CharField(_("评定等次"), max_length=12, choices=InspectionRating.choices)
    follow_up = LimitedTextField(_("整改要求"), max_length=2000, blank=True)
    follow_up_done = models.BooleanField(_("整改已落实"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = WorkroomInspectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作室检查")
        verbose_name_plural = _("工作室检查")
        ordering = ["-year", "-date", "pk"]
        constraints = [
            # A year's check may run into the next year (a late or make-up check).
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_date_in_or_after_year",
                condition=Q(date__year__gte=F("year")) & Q(date__year__lte=F("year") + 1),
                violation_error_message=_("检查日期须在检查年度内或其次年内（次年补查）。"),
            ),
        ]
        indexes = [models.Index(fields=["year", "workroom"])]

    def __str__(self):
        return f"{self.workroom} {self.year}年度检查（{self.get_rating_display()}）"


class DistrictReportQuerySet(ScopedQuerySet):
    scope_paths = {"district": ("district",)}

    def in_year(self, year: int):
        return self.filter(year=year)

    def never_submitted(self):
        return self.filter(first_submitted_at__isnull=True)


class DistrictReport(models.Model):
    """A district's summary of the year's community work of all members in its area,
    sent to the municipal CPPCC office before 20 December (规范 第十四条)."""

    district = models.ForeignKey(
        "regions.District", verbose_name=_("区"), on_delete=models.PROTECT,
        related_name="yearly_reports",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    figures = models.JSONField(
        _("统计数据"), default=dict, blank=True,
        help_text=_("报送时冻结的统计数据快照；草稿为生成时的数据，页面显示实时数据。"),
    )
    figures_at = models.DateTimeField(_("统计时间"), null=True, blank=True)
    achievements = LimitedTextField(_("主要成效"), max_length=8000, blank=True)
    problems = LimitedTextField(_("存在问题"), max_length=8000, blank=True)
    plans = LimitedTextField(_("下一步打算"), max_length=8000, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    first_submitted_at = models.DateTimeField(_("首次报送时间"), null=True, blank=True)
    late = models.BooleanField(
        _("逾期报送"), default=False, help_text=_("首次报送晚于报送截止日（规范 第十四条）。")
    )
    overdue_at = models.DateTimeField(
        _("截止日未报送标记时间"), null=True, blank=True,
        help_text=_("截止日检查时尚未报送，已告知市政协办公厅。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = DistrictReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("区年度报告")
        verbose_name_plural = _("区年度报告")
        ordering = ["-year", "district"]
        permissions = [
            ("submit_districtreport", _("填写并报送本区年度报告（规范 第十四条）")),
            ("reopen_districtreport", _("退回已报送的区年度报告")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year"],
                name="%(app_label)s_%(class)s_one_per_district_year",
                violation_error_message=_("该区本年度已有年度报告。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_submitted_has_time",
                condition=~Q(status=ReportStatus.SUBMITTED)
                | Q(submitted_at__isnull=False, first_submitted_at__isnull=False),
                violation_error_message=_("已报送的报告须有报送时间。"),
            ),
        ]

    def __str__(self):
        return f"{self.district}{self.year}年度报告"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    @property
    def is_editable(self) -> bool:
        return self.status in {ReportStatus.DRAFT, ReportStatus.REOPENED}

    def display_status(self) -> str:
        return display_status(self)


def display_status(report: DistrictReport | None) -> str:
    """The municipal office's view of one district's report (规范 第十四条). Overdue is what the
    deadline run found (`overdue_at`), so the page and the messages agree."""
    if report is None:
        return DisplayStatus.NOT_STARTED
    if report.is_submitted:
        return DisplayStatus.LATE if report.late else DisplayStatus.ON_TIME
    if report.first_submitted_at is None and report.overdue_at is not None:
        return DisplayStatus.OVERDUE
    if report.status == ReportStatus.REOPENED:
        return DisplayStatus.REOPENED
    return DisplayStatus.DRAFT


class ReportReopeningQuerySet(ScopedQuerySet):
    scope_paths = {"district": ("report__district",)}


class ReportReopening(models.Model):
    """The municipal office sent a submitted report back, and why (kept for good)."""

    report = models.ForeignKey(
        DistrictReport, verbose_name=_("年度报告"), on_delete=models.CASCADE,
        related_name="reopenings",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("退回人"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    at = models.DateTimeField(_("退回时间"), auto_now_add=True)
    reason = LimitedTextField(_("退回原因"), max_length=2000)
    previous_submitted_at = models.DateTimeField(_("原报送时间"), null=True, blank=True)

    objects = ReportReopeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("报告退回记录")
        verbose_name_plural = _("报告退回记录")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_has_reason",
                condition=~Q(reason=""),
                violation_error_message=_("退回报告须填写原因。"),
            ),
        ]

    def __str__(self):
        return f"{self.report} 退回 {self.at:%Y-%m-%d}"


class ReportSchedule(models.Model):
    """A date the report jobs act on (rows, so staff can move them). 规范 第十四条 gives
    the deadline (12月20日前); the draft and reminder dates are 本地设置."""

    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("事项"), max_length=12, choices=ScheduleKind.choices)
    date = models.DateField(_("日期"))
    basis = models.CharField(_("依据"), max_length=100, blank=True)
    is_local_setting = models.BooleanField(
        _("本地设置"), default=True, help_text=_("文件未规定、由本地设定的日期。")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度报告日程")
        verbose_name_plural = _("年度报告日程")
        ordering = ["-year", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind", "date"],
                name="%(app_label)s_%(class)s_unique_date",
                violation_error_message=_("该年度已有相同日期的同类日程。"),
            ),
            models.UniqueConstraint(
                fields=["year", "kind"],
                condition=Q(kind__in=[ScheduleKind.DRAFT, ScheduleKind.DEADLINE]),
                name="%(app_label)s_%(class)s_one_draft_and_deadline",
                violation_error_message=_("每年只有一个草稿生成日和一个报送截止日。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_date_in_year",
                condition=Q(date__year=F("year")),
                violation_error_message=_("日期须在该年度内。"),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()} {self.date:%m-%d}"


class ReportJobRun(models.Model):
    """One report job for one district on one schedule date, claimed once: a second beat
    or a retry finds the row and does nothing (STYLE.md, Celery)."""

    kind = models.CharField(_("事项"), max_length=12, choices=ScheduleKind.choices)
    date = models.DateField(_("日程日期"))
    district = models.ForeignKey(
        "regions.District", verbose_name=_("区"), on_delete=models.CASCADE, related_name="+"
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度报告任务记录")
        verbose_name_plural = _("年度报告任务记录")
        ordering = ["-date", "kind", "district"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "date", "district"],
                name="%(app_label)s_%(class)s_once_per_date_and_district",
                violation_error_message=_("该区该日期的任务已经执行。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d} {self.district_id}"


class LiveCount(models.Model):
    """The live figures of a report page as last counted (reports.documents.kept): a
    district's draft, every district and the city, a district's 三率 by workroom, department
    or member. The beat job recounts them ahead of time, so no page counts a year of
    records while someone waits, and a page says when they were counted. Rows are
    replaced, never edited; nothing else reads them."""

    key = models.CharField(_("统计项"), max_length=100, unique=True)
    data = models.JSONField(_("数据"))
    counted_at = models.DateTimeField(_("统计时间"))

    class Meta:
        verbose_name = _("实时统计")
        verbose_name_plural = _("实时统计")

    def __str__(self):
        return self.key


# A build holds a lease that it renews every LEASE / 4 while it runs; a lease past its
# expiry means the worker died mid-build (killed, out of memory, machine restarted).
LEASE = dt.timedelta(seconds=60)
MAX_ATTEMPTS = 3  # builds interrupted this many times fail, visibly, until asked for again
# A request the broker never took (it was down) is sent again after SEND_GRACE; one it took
# but no worker started within SEND_LOST_AFTER (the message was lost) is sent again too.
SEND_GRACE = dt.timedelta(minutes=1)
SEND_LOST_AFTER = dt.timedelta(minutes=30)


class ReportFileQuerySet(ScopedQuerySet):
    scope_paths = {"district": ("district",), "committee": ("committee",)}

    def lease_expired(self, now: dt.datetime):
        """Builds whose worker stopped renewing their lease."""
        return self.filter(status=FileStatus.RUNNING, lease_until__lt=now)

    def unsent(self, now: dt.datetime):
        """Queued files no worker will get unless they are sent (again) to the broker."""
        return self.filter(
            Q(queued_at=None, created_at__lt=now - SEND_GRACE)
            | Q(queued_at__lt=now - SEND_LOST_AFTER),
            status=FileStatus.PENDING,
        )


def report_upload_to(instance: ReportFile, filename: str) -> str:
    return f"reports/{instance.year}/{instance.digest[:12]}-{filename}"


class ReportFile(models.Model):
    """A generated PDF or .xlsx, kept so the next download of the same content is instant.
    `digest` hashes exactly the data the file was drawn from (`data`)."""

    kind = models.CharField(_("文件类别"), max_length=12, choices=DocumentKind.choices)
    scope = models.CharField(_("范围"), max_length=40)
    district = models.ForeignKey(
        "regions.District", verbose_name=_("区"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )
    committee = models.ForeignKey(
        "members.Committee", verbose_name=_("专门委员会"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    format = models.CharField(_("格式"), max_length=8, choices=FileFormat.choices)
    digest = models.CharField(_("内容摘要"), max_length=64)
    data = models.JSONField(_("数据"), default=dict)
    status = models.CharField(
        _("状态"), max_length=8, choices=FileStatus.choices, default=FileStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    file = models.FileField(_("文件"), upload_to=report_upload_to, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    queued_at = models.DateTimeField(
        _("交给任务队列时间"), null=True, blank=True,
        help_text=_("为空：申请时任务队列不可用，恢复后由定时任务自动补交。"),
    )
    attempts = models.PositiveSmallIntegerField(
        _("生成次数"), default=0, help_text=_("本次申请以来开始生成的次数（中断后自动重试）。")
    )
    lease = models.UUIDField(_("生成租约"), null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(
        _("租约到期"), null=True, blank=True,
        help_text=_("生成中的任务定期续约；过期即视为中断，自动重新排队。"),
    )
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ReportFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("报告文件")
        verbose_name_plural = _("报告文件")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "scope", "year", "format", "digest"],
                name="%(app_label)s_%(class)s_one_per_content",
                violation_error_message=_("相同内容的报告文件已存在。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_progress_percent",
                condition=Q(progress__lte=100),
                violation_error_message=_("进度须在0到100之间。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_running_holds_a_lease",
                condition=~Q(status=FileStatus.RUNNING)
                | Q(lease__isnull=False, lease_until__isnull=False),
                violation_error_message=_("生成中的文件须有生成租约。"),
            ),
        ]

    def __str__(self):
        return f"{self.data.get('title', self.scope)}（{self.get_format_display()}）"

    @property
    def is_done(self) -> bool:
        return self.status == FileStatus.DONE and bool(self.file)

    @property
    def is_active(self) -> bool:
        return self.status in {FileStatus.PENDING, FileStatus.RUNNING}

    @property
    def filename(self) -> str:
        return f"{self.data.get('title', 'report')}.{self.format}"

    def request_url(self) -> str:
        """Where this document is asked for: asking again restarts a failed build."""
        if self.kind == DocumentKind.DISTRICT:
            return reverse("reports:district_download",
                           args=[self.district_id, self.year, self.format])
        if self.kind == DocumentKind.COMMITTEE:
            return reverse("reports:committee_download",
                           args=[self.committee_id, self.year, self.format])
        return reverse("reports:city_download", args=[self.year, self.format])

