from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet

from .choices import WorkroomKind


class WorkroomQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("town__district",),
        "town": ("town",),
        "clerk": ("clerk",),
        "committee": ("members__committee",),
        "member": ("members__user",),
    }

    def active(self):
        return self.filter(active=True)


class Workroom(models.Model):
    """A workroom or liaison station (工作室/联络站) where members meet the public (规范 第六条)."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(
        _("类型"), max_length=8, choices=WorkroomKind.choices, default=WorkroomKind.FIXED
    )
    shared_with_deputies = models.BooleanField(
        _("“两代表一委员”共用"), default=True,
        help_text=_("规范 第六条：可与党代表、人大代表联络站联合使用。"),
    )
    town = models.ForeignKey(
        "regions.Town", verbose_name=_("所在镇（街）"), on_delete=models.PROTECT,
        related_name="workrooms",
    )
    community = models.CharField(_("所在社区（村）"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    # 规范 第七条: one full- or part-time clerk per workroom.
    clerk = models.ForeignKey(
        "accounts.User", verbose_name=_("工作人员"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="clerked_workrooms",
    )
    members = models.ManyToManyField(
        "members.Member", verbose_name=_("驻室委员"), blank=True, related_name="workrooms"
    )
    monthly_receptions = models.BooleanField(
        _("每月接待"), default=False, help_text=_("规范 第九条：有条件的可以每月举办一次。")
    )
    active = models.BooleanField(_("启用"), default=True)

    objects = WorkroomQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("工作室")
        verbose_name_plural = _("工作室")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["town", "name"],
                name="%(app_label)s_%(class)s_unique_name_in_town",
                violation_error_message=_("同一镇（街）内工作室名称不能重复。"),
            )
        ]

    def __str__(self):
        return self.name
