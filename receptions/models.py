import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet, through
from workrooms.models import WorkroomQuerySet

from .choices import DayKind, DaySource, ReceptionStatus


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

    objects = ReceptionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("接待安排")
        verbose_name_plural = _("接待安排")
        ordering = ["date", "pk"]
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
