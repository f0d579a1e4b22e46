"""Directories and settings staff maintain: topics, departments, routing numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet

from ..choices import DepartmentKind, SettingKey

if TYPE_CHECKING:
    from .cases import Case


class Topic(models.Model):
    """A topic category of cases (城市管理, 养老服务…). Staff maintain the list."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    position = models.PositiveSmallIntegerField(_("显示顺序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class DepartmentQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("district",),
        "town": ("district__towns",),
        "clerk": ("district__towns__workrooms__clerk",),
    }

    def active(self):
        return self.filter(active=True)

    def for_case(self, case: Case, kind: str) -> DepartmentQuerySet:
        """Where a case may go: its town's own offices, or its district's departments."""
        if kind == DepartmentKind.TOWN_OFFICE:
            return self.active().filter(kind=kind, town_id=case.town_id)
        return self.active().filter(kind=kind, district_id=case.town.district_id)


class Department(models.Model):
    """A town/street office, a district functional department or a petition office
    (规范 第十三条（二）, 规范 第十三条（三）): the directory staff maintain."""

    kind = models.CharField(_("类型"), max_length=20, choices=DepartmentKind.choices)
    district = models.ForeignKey(
        "regions.District", verbose_name=_("区"), on_delete=models.PROTECT,
        related_name="departments",
    )
    town = models.ForeignKey(
        "regions.Town", verbose_name=_("镇（街）"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="departments",
        help_text=_("镇（街）职能科室必填。"),
    )
    name = models.CharField(_("名称"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    objects = DepartmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("承办部门")
        verbose_name_plural = _("承办部门")
        ordering = ["district", "kind", "town", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "town", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                nulls_distinct=False,
                violation_error_message=_("同一区（镇街）内承办部门名称不能重复。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_town_office_has_town",
                condition=~Q(kind=DepartmentKind.TOWN_OFFICE) | Q(town__isnull=False),
                violation_error_message=_("镇（街）职能科室必须指定所属镇（街）。"),
            ),
        ]

    def __str__(self):
        place = self.town.name if self.town_id else self.district.name
        # a name that already says where (越秀区交通运输局) is not prefixed twice
        return self.name if self.name.startswith(place) else f"{place}{self.name}"

    def clean(self):
        if self.town_id and self.district_id and self.town.district_id != self.district_id:
            raise ValidationError({"town": _("所选镇（街）不属于该区。")})


class RoutingSettingQuerySet(models.QuerySet):
    def value(self, key: str) -> int:
        row = self.filter(key=key).values_list("value", flat=True).first()
        return ROUTING_DEFAULTS[key] if row is None else row


# Seeded defaults. The documents give none of these numbers: each is a local setting.
ROUTING_DEFAULTS = {
    SettingKey.DUE_REGISTERED: 2,
    SettingKey.DUE_AWAITING_INSTRUCTION: 3,
    SettingKey.DUE_WITH_TOWN_OFFICE: 10,
    SettingKey.DUE_WITH_DISTRICT_DEPARTMENT: 15,
    SettingKey.DUE_WITH_PETITION_OFFICE: 40,
    SettingKey.DUE_AWAITING_FEEDBACK: 5,
    SettingKey.DUE_MEMBER_RESEARCHING: 30,
    SettingKey.CLUSTER_THRESHOLD_TOWN: 3,
    SettingKey.CLUSTER_THRESHOLD_DISTRICT: 5,
    SettingKey.CLUSTER_WINDOW_DAYS: 30,
    SettingKey.VISITOR_RETENTION_MONTHS: 36,
    SettingKey.CALLBACK_WAIT_DAYS: 5,
    SettingKey.REOPEN_WINDOW_DAYS: 30,
    SettingKey.DUPLICATE_WINDOW_DAYS: 30,
    SettingKey.RATES_MIN_SAMPLE: 10,
    SettingKey.STATUS_MESSAGES_PER_DAY: 1,
    SettingKey.STATUS_LOOKUPS_PER_HOUR: 10,
}


class RoutingSetting(models.Model):
    """One number the routing uses (a step's due time, a clustering threshold), or how long
    visitors' personal data is kept."""

    key = models.CharField(_("设置项"), max_length=40, choices=SettingKey.choices, unique=True)
    value = models.PositiveIntegerField(_("数值"))
    is_local_setting = models.BooleanField(
        _("本地设置"), default=True, help_text=_("文件未规定、由本地设定的数值。")
    )
    basis = models.CharField(_("依据或说明"), max_length=200, blank=True)

    objects = RoutingSettingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("办理时限、集中反映与保存期限设置")
        verbose_name_plural = _("办理时限、集中反映与保存期限设置")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_positive",
                condition=Q(value__gte=1),
                violation_error_message=_("数值至少为1。"),
            )
        ]

    def __str__(self):
        return f"{self.get_key_display()}：{self.value}"
