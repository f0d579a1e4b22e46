from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet


class TownKind(models.TextChoices):
    STREET = "街道", _("街道")
    TOWN = "镇", _("镇")


class ConvenerKind(models.TextChoices):
    # 规范 第七条: the district CPPCC chair and the head of the United Front department.
    CPPCC_CHAIR = "chair", _("区政协主席")
    UNITED_FRONT = "united_front", _("区委统战部部长")


class DistrictQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("pk",),
        "town": ("towns",),
        "clerk": ("towns__workrooms__clerk",),
        "member": ("members__user",),
    }


class District(models.Model):
    """One of Guangzhou's 11 districts (区), loaded from the NBS division table."""

    code = models.CharField(_("区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=20, unique=True)

    objects = DistrictQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("区")
        verbose_name_plural = _("区")
        ordering = ["code"]

    def __str__(self):
        return self.name


class TownQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("district",),
        "town": ("pk",),
        "clerk": ("workrooms__clerk",),
    }


class Town(models.Model):
    """A town (镇) or street (街道): where members' community work is carried out (规范 第三条)."""

    district = models.ForeignKey(
        District, verbose_name=_("区"), on_delete=models.PROTECT, related_name="towns"
    )
    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=30)
    kind = models.CharField(_("类型"), max_length=4, choices=TownKind.choices)
    # 规范 第七条: one lead per town/street, a deputy party secretary or committee member.
    lead_name = models.CharField(_("负责人姓名"), max_length=50, blank=True)
    lead_post = models.CharField(
        _("负责人职务"), max_length=50, blank=True, help_text=_("镇（街）副书记或党委委员")
    )

    objects = TownQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("镇（街）")
        verbose_name_plural = _("镇（街）")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="%(app_label)s_%(class)s_unique_name_in_district",
                violation_error_message=_("同一区内镇（街）名称不能重复。"),
            )
        ]

    def __str__(self):
        return f"{self.district.name}{self.name}"


class DistrictConvenerQuerySet(ScopedQuerySet):
    scope_paths = {"district": ("district",)}


class DistrictConvener(models.Model):
    """规范 第七条: each district has 2 conveners, the CPPCC chair and the United Front head."""

    district = models.ForeignKey(
        District, verbose_name=_("区"), on_delete=models.CASCADE, related_name="conveners"
    )
    kind = models.CharField(_("身份"), max_length=16, choices=ConvenerKind.choices)
    name = models.CharField(_("姓名"), max_length=50)

    objects = DistrictConvenerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("区召集人")
        verbose_name_plural = _("区召集人")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind"],
                name="%(app_label)s_%(class)s_one_per_kind",
                violation_error_message=_(
                    "每区设区政协主席、区委统战部部长两名召集人，各一名（规范 第七条）。"
                ),
            )
        ]

    def __str__(self):
        return f"{self.district} {self.get_kind_display()} {self.name}"
