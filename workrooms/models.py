from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import Role
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
    # 规范 第七条: one full- or part-time clerk per workroom. The clerk reads the visitors'
    # personal data in full (cases.privacy), so only a clerk account of the workroom's own
    # town/street may be it (`clerk_problem`; the database refuses anything else, migration
    # workrooms 0002).
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

    def clean(self):
        super().clean()
        problem = self.clerk_problem()
        if problem:
            raise ValidationError({"clerk": problem})

    def clerk_problem(self) -> str | None:
        """Why the chosen clerk may not be this workroom's, in Chinese (None: they may).
        District or city staff who could name themselves clerk would read every visitor's
        name, phone and address (个人信息保护法), so a clerk is a clerk account of the
        workroom's town/street and nobody else."""
        if self.clerk_id is None or self.town_id is None:
            return None
        clerk, why = self.clerk, None
        if clerk.role != Role.CLERK:
            why = _("不是“工作室工作人员”角色的账号")
        elif clerk.town_id != self.town_id:
            why = _("不属于本工作室所在的镇（街）")
        if why:
            return CLERK_RULE % {"user": clerk.get_username(), "why": why}
        return None


CLERK_RULE = _(
    "账号“%(user)s”%(why)s：工作室的工作人员只能是本工作室所在镇（街）的“工作室工作人员”账号"
    "（规范 第七条）。"
)


class WorkroomBudgetQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("workroom__town__district",),
        "town": ("workroom__town",),
        "clerk": ("workroom__clerk",),
    }


class WorkroomBudget(models.Model):
    """规范 第十六条: a workroom's working funds are in its town/street's yearly budget. One
    line per workroom and year: the amount, the town/street whose budget holds it, a note.
    Entered by town/street and district staff; the district's yearly report lists them."""

    workroom = models.ForeignKey(
        Workroom, verbose_name=_("工作室"), on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("预算金额（元）"), max_digits=12, decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    town = models.ForeignKey(
        "regions.Town", verbose_name=_("列入预算的镇（街）"), on_delete=models.PROTECT,
        related_name="workroom_budgets",
        help_text=_("规范 第十六条：工作室工作经费列入镇（街）年度预算。"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = WorkroomBudgetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作室年度经费")
        verbose_name_plural = _("工作室年度经费")
        ordering = ["-year", "workroom"]
        constraints = [
            models.UniqueConstraint(
                fields=["workroom", "year"],
                name="%(app_label)s_%(class)s_unique_workroom_year",
                violation_error_message=_("该工作室本年度已有经费预算，请修改原记录。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_amount_not_negative",
                condition=models.Q(amount__gte=0),
                violation_error_message=_("预算金额不能为负数。"),
            ),
        ]

    def __str__(self):
        return f"{self.workroom} {self.year}"

    def clean(self):
        super().clean()
        if self.workroom_id and self.town_id:
            if self.town.district_id != self.workroom.town.district_id:
                raise ValidationError({"town": _(
                    "列入预算的镇（街）须与工作室在同一区（规范 第十六条）。")})
