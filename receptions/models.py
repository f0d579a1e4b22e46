import datetime as dt
import secrets

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet, through
from workrooms.models import WorkroomQuerySet

from . import calendar
from .choices import DayKind, DaySource, NoticeKind, Ordinal, ReceptionStatus, Weekday

NOTICE_DAYS = 3  # 规范 第九条: the notice is posted at least 3 days before the reception.


class Holiday(models.Model):
    """A day the official calendar treats differently from the plain week: a holiday off,
    or a weekend made a working day (调休). Rows here override the calendar package."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True)
    source = models.CharField(
        _("来源"), max_length=8, choices=DaySource.choices, default=DaySource.STAFF
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"


class CalendarYear(models.Model):
    """Staff mark a year complete once its State Council schedule has been entered.

    A year neither marked here nor covered by the calendar package is *not covered*:
    plans for it say so instead of treating every weekday as a working day.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    complete = models.BooleanField(_("已录入全年安排"), default=False)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("节假日年度")
        verbose_name_plural = _("节假日年度")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class ReceptionQuerySet(ScopedQuerySet):
    scope_paths = through("workroom__", WorkroomQuerySet.scope_paths) | {
        "member": ("workroom__members__user", "members__user"),
    }

    def in_year(self, year: int):
        return self.filter(nominal_date__year=year)

    def not_cancelled(self):
        return self.exclude(status=ReceptionStatus.CANCELLED)

    def nearest_first(self, today: dt.date):
        """Today's first, then the others by how far they are from today (the one just
        held before the one in two months, and both before a plan's last years)."""
        dated = sorted(self.values_list("pk", "date"),
                       key=lambda row: (abs((row[1] - today).days), row[1]))
        place = models.Case(*[models.When(pk=pk, then=n) for n, (pk, _day) in enumerate(dated)],
                            default=len(dated), output_field=models.IntegerField())
        return self.order_by(place, "date") if dated else self

    def with_calendar_confirmed(self):
        """`calendar_confirmed`: staff marked the year of the date complete, for
        `Reception.provisional_note` on a list without a query per row."""
        complete = CalendarYear.objects.filter(year=ExtractYear(OuterRef("date")), complete=True)
        return self.annotate(calendar_confirmed=Exists(complete))

    def notice_withheld(self):
        """规范 第九条: due for their notice, withheld for want of a member on duty."""
        return self.filter(notice_withheld_at__isnull=False, status=ReceptionStatus.PLANNED)

    def due_for_notice(self, today: dt.date):
        """规范 第九条: receptions 3 days ahead or less whose notice is not out yet."""
        return self.filter(
            status=ReceptionStatus.PLANNED, notice_published_at__isnull=True,
            date__gte=today, date__lte=today + dt.timedelta(days=NOTICE_DAYS),
            workroom__active=True,
        )


class Reception(models.Model):
    """One reception day (委员接待日) of a workroom: the 15th of every odd month unless
    moved (规范 第九条). Keeps the nominal date, the actual date and why they differ."""

    workroom = models.ForeignKey(
        "workrooms.Workroom", verbose_name=_("工作室"), on_delete=models.CASCADE,
        related_name="receptions",
    )
    nominal_date = models.DateField(_("规定日期"))
    date = models.DateField(_("实际日期"))
    move_reason = models.CharField(_("顺延原因"), max_length=200, blank=True)
    starts_at = models.TimeField(_("开始时间"), default=dt.time(9, 0))
    ends_at = models.TimeField(_("结束时间"), default=dt.time(11, 30))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    members = models.ManyToManyField(
        "members.Member", verbose_name=_("当值委员"), blank=True, related_name="duty_receptions"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=ReceptionStatus.choices, default=ReceptionStatus.PLANNED
    )
    notice_published_at = models.DateTimeField(_("公告发布时间"), null=True, blank=True)
    noticed_late = models.BooleanField(
        _("公告不足3天"), default=False, help_text=_("规范 第九条：接待前3天应张贴公告。")
    )
    manual_date = models.BooleanField(
        _("日期已人工调整"), default=False,
        help_text=_("工作人员调整过日期的接待，重新生成年度计划时不再改动。"),
    )
    notice_withheld_at = models.DateTimeField(
        _("缺当值委员、公告暂缓时间"), null=True, blank=True,
        help_text=_(
            "规范 第九条：公告须载明委员姓名。到公告之日仍未安排当值委员的，系统不发布公告，"
            "并通知区政协工作人员和工作室工作人员；安排委员并保存后即发布。"
        ),
    )

    objects = ReceptionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("接待安排")
        verbose_name_plural = _("接待安排")
        ordering = ["date", "pk"]
        permissions = [("view_own_reception", _("查看本人参加的接待安排（规范 第九条）"))]
        constraints = [
            models.UniqueConstraint(
                fields=["workroom", "nominal_date"],
                name="%(app_label)s_%(class)s_one_per_nominal_date",
                violation_error_message=_("该工作室在这一规定日期已有接待安排。"),
            )
        ]
        indexes = [models.Index(fields=["date", "status"])]

    def __str__(self):
        return f"{self.workroom} {self.date:%Y-%m-%d}"

    @property
    def notice_out(self) -> bool:
        return self.notice_published_at is not None

    @property
    def notice_withheld(self) -> bool:
        """规范 第九条: due for its notice, but no member on duty to name in it."""
        return self.notice_withheld_at is not None and self.status == ReceptionStatus.PLANNED

    def days_ahead(self, today: dt.date) -> int:
        return (self.date - today).days

    def provisional_note(self) -> str:
        """规范 第九条: in a year whose State Council holiday schedule is not entered yet, the
        date avoided only the weekends, the important events and the statutory festivals,
        and may still move: "暂定，待国务院公布2027年放假安排". Empty once the year is known."""
        year = self.date.year
        confirmed = getattr(self, "calendar_confirmed", None)
        if confirmed is None:
            return calendar.WorkCalendar().provisional_note(year)
        return "" if confirmed or calendar.package_covers(year) else calendar.provisional_note(year)

    def notice_content(self) -> dict:
        """What a notice says (规范 第九条: time, place, members' names). Two notices with the
        same content say the same thing; a difference after publication needs a 更正公告."""
        return {
            "workroom": self.workroom.name,
            "date": self.date.isoformat(),
            "starts_at": self.starts_at.strftime("%H:%M"),
            "ends_at": self.ends_at.strftime("%H:%M"),
            "place": self.place or self.workroom.address,
            "members": [member.name for member in self.members.all()],
            "cancelled": self.status == ReceptionStatus.CANCELLED,
        }


class ImportantEventQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("district",),
        "town": ("district__towns",),
        "clerk": ("district__towns__workrooms__clerk",),
    }

    def scope_q(self, user):
        """City-wide events (no district) are seen by every staff role."""
        q = super().scope_q(user)
        return None if q is None else q | Q(district__isnull=True)

    def affecting(self, district_id: int | None):
        return self.filter(Q(district__isnull=True) | Q(district_id=district_id))


class ImportantEvent(models.Model):
    """重要活动: a day the city or a district keeps free of receptions (规范 第九条 顺延)."""

    date = models.DateField(_("日期"))
    district = models.ForeignKey(
        "regions.District", verbose_name=_("区"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="important_events",
        help_text=_("留空表示全市范围的重要活动。"),
    )
    title = models.CharField(_("活动名称"), max_length=100)

    objects = ImportantEventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("重要活动")
        verbose_name_plural = _("重要活动")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class DistrictRuleQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("district",),
        "town": ("district__towns",),
        "clerk": ("district__towns__workrooms__clerk",),
    }


class DistrictReceptionRule(models.Model):
    """A district's own regular reception day instead of the 15th (规范 第九条：
    也可由各区根据实际情况确定固定日期): a fixed day of the month, or the n-th weekday."""

    district = models.OneToOneField(
        "regions.District", verbose_name=_("区"), on_delete=models.CASCADE,
        related_name="reception_rule",
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("每月固定日期"), null=True, blank=True, help_text=_("如 10 表示每单月10日。")
    )
    ordinal = models.SmallIntegerField(_("第几个"), choices=Ordinal.choices, null=True, blank=True)
    weekday = models.SmallIntegerField(_("星期"), choices=Weekday.choices, null=True, blank=True)
    weekends_count_as_working = models.BooleanField(
        _("周末照常接待"), default=False,
        help_text=_("勾选后，接待日逢周六、周日不顺延（法定节假日仍顺延）。"),
    )

    objects = DistrictRuleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("区接待日规则")
        verbose_name_plural = _("区接待日规则")
        ordering = ["district"]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_day_in_range",
                condition=Q(day_of_month__isnull=True)
                | Q(day_of_month__gte=1, day_of_month__lte=28),
                violation_error_message=_("每月固定日期须在1至28日之间。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_ordinal_with_weekday",
                condition=Q(ordinal__isnull=True, weekday__isnull=True)
                | Q(ordinal__isnull=False, weekday__isnull=False),
                violation_error_message=_("“第几个”和“星期”须同时填写。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_one_kind_of_day",
                condition=Q(day_of_month__isnull=True) | Q(ordinal__isnull=True),
                violation_error_message=_("固定日期与“第几个星期几”只能选一种。"),
            ),
        ]

    def __str__(self):
        return f"{self.district}：{self.describe()}"

    def describe(self, *, monthly: bool = False) -> str:
        """The reception day in words; `monthly` for a workroom that receives every month."""
        months = "每月" if monthly else "每单月"
        if self.day_of_month:
            day = f"{months}{self.day_of_month}日"
        elif self.ordinal:
            day = f"{months}{Ordinal(self.ordinal).label}{Weekday(self.weekday).label}"
        else:
            day = f"{months}15日"
        return day + ("（周末照常接待）" if self.weekends_count_as_working else "")


class NoticeQuerySet(ScopedQuerySet):
    scope_paths = through("reception__", ReceptionQuerySet.scope_paths)


class Notice(models.Model):
    """A published notice of a reception (规范 第九条), or a corrected one after a change.
    The content is a snapshot of what the PDF says, so later edits are compared with it."""

    reception = models.ForeignKey(
        Reception, verbose_name=_("接待安排"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=NoticeKind.choices)
    sequence = models.PositiveSmallIntegerField(_("序号"))
    pdf = models.FileField(_("公告文件"), upload_to="notices/%Y/%m/", blank=True)
    content = models.JSONField(_("公告内容"))
    published_at = models.DateTimeField(_("发布时间"))

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("接待公告")
        verbose_name_plural = _("接待公告")
        ordering = ["reception", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["reception", "sequence"],
                name="%(app_label)s_%(class)s_unique_sequence",
                violation_error_message=_("同一接待的公告序号不能重复。"),
            )
        ]

    def __str__(self):
        return f"{self.reception} {self.get_kind_display()}（第{self.sequence}份）"


def new_feed_token() -> str:
    return secrets.token_urlsafe(18)


class MemberCalendarFeed(models.Model):
    """The address of a member's public reception calendar (.ics): public data only
    (workroom, date, time, place), under a random token rather than the member's id."""

    member = models.OneToOneField(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("订阅标识"), max_length=40, unique=True, default=new_feed_token)

    class Meta:
        verbose_name = _("委员接待日历订阅")
        verbose_name_plural = _("委员接待日历订阅")

    def __str__(self):
        return str(self.member)
