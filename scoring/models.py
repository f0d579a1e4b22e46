from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet, through
from members.models import MemberQuerySet

from .choices import ActivityForm, DutyKind, RecordSource


class DutyRecordQuerySet(ScopedQuerySet):
    scope_paths = through("members__", MemberQuerySet.scope_paths)

    def confirmed(self):
        return self.filter(confirmed=True)


class DutyRecord(models.Model):
    """One piece of a member's duty (履职记录). A joint proposal or report lists every
    co-author and counts for each of them (举措 三(一))."""

    kind = models.CharField(_("类别"), max_length=24, choices=DutyKind.choices)
    activity_form = models.CharField(
        _("活动形式"), max_length=24, choices=ActivityForm.choices, blank=True,
        help_text=_("进社区活动的形式（规范 第十条）。"),
    )
    title = models.CharField(_("标题"), max_length=200)
    date = models.DateField(_("日期"))
    members = models.ManyToManyField(
        "members.Member", verbose_name=_("委员（含联名）"), related_name="duty_records"
    )
    evidence = models.TextField(_("佐证材料说明"), blank=True)
    attachment = models.FileField(_("佐证附件"), upload_to="duty/evidence/", blank=True)
    source = models.CharField(
        _("来源"), max_length=8, choices=RecordSource.choices, default=RecordSource.MANUAL
    )
    source_ref = models.CharField(
        _("来源标识"), max_length=60, blank=True,
        help_text=_("如 activity:12、case:34，用于避免重复生成。"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    confirmed = models.BooleanField(_("已确认"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = DutyRecordQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("履职记录")
        verbose_name_plural = _("履职记录")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="%(app_label)s_%(class)s_once_per_source",
                violation_error_message=_("该来源已生成过同类履职记录。"),
            )
        ]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"
