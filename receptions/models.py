from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import DayKind, DaySource


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
