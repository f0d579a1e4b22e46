"""The ledger's own rows: activities (规范 第十条), their photos and the visitors."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet, through
from core.fields import LimitedTextField
from members.validators import validate_phone
from privacy.fields import EncryptedTextField
from scoring.validators import validate_planned_on

from ..choices import ActivityStatus
from ..validators import validate_photo


class ActivityQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("workroom__town__district",),
        "town": ("workroom__town",),
        "clerk": ("workroom__clerk",),
        "committee": ("members_present__committee",),
        "member": ("members_present__user",),
    }

    def held(self):
        return self.filter(status=ActivityStatus.HELD)

    def between(self, start: dt.date | None, end: dt.date | None):
        qs = self
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return qs


class Activity(models.Model):
    """A reception day or other community activity held at a workroom (规范 第十条).

    The members present are what counts as each member's community visit; marking the
    activity held creates their duty records (`services.activity_mark_held`).
    """

    workroom = models.ForeignKey(
        "workrooms.Workroom", verbose_name=_("工作室"), on_delete=models.PROTECT,
        related_name="activities",
    )
    reception = models.ForeignKey(
        "receptions.Reception", verbose_name=_("对应接待安排"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="activities",
    )
    form = models.ForeignKey(
        "scoring.ActivityForm", verbose_name=_("活动形式"), to_field="code", db_column="form",
        null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("规范 第十条。"),
    )
    date = models.DateField(
        _("活动日期"), null=True, blank=True, validators=[validate_planned_on]
    )
    members_present = models.ManyToManyField(
        "members.Member", verbose_name=_("到场委员"), blank=True,
        related_name="community_activities",
    )
    attendance = models.PositiveIntegerField(_("参加群众人数"), default=0)
    summary = LimitedTextField(_("活动概况"), max_length=2000, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    held_at = models.DateTimeField(_("确认举行时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members_present])

    class Meta:
        verbose_name = _("工作室活动")
        verbose_name_plural = _("工作室活动")
        ordering = ["-date", "-pk"]
        constraints = [
            # One reception day is one visit in the ledger: logged twice it would count the
            # members' visits and their 10 points twice (规范 第十四条).
            models.UniqueConstraint(
                fields=["reception"], condition=Q(status=ActivityStatus.HELD),
                name="%(app_label)s_%(class)s_one_held_per_reception",
                violation_error_message=_("该接待安排已登记为已举行的活动，不能重复登记。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_held_has_date_and_form",
                condition=Q(status=ActivityStatus.DRAFT)
                | Q(date__isnull=False, form__isnull=False),
                violation_error_message=_("已举行的活动必须填写活动日期和活动形式。"),
            )
        ]
        indexes = [
            models.Index(fields=["workroom", "status", "date"]),
            # The yearly report counts a year's held activities (and, by id, their
            # visitors) from this index alone (reports/figures.py).
            models.Index(
                fields=["date"], include=["workroom", "form", "attendance", "id"],
                condition=Q(status=ActivityStatus.HELD), name="cases_activity_held_of_year",
            ),
        ]

    def __str__(self):
        when = f"{self.date:%Y-%m-%d}" if self.date else _("日期未定")
        return f"{self.workroom} {when} {self.form_name or _('活动')}"

    def clean(self):
        if self.reception_id and self.reception.workroom_id != self.workroom_id:
            raise ValidationError({"reception": _("所选接待安排不属于本工作室。")})

    @property
    def form_name(self) -> str:
        return self.form.name if self.form_id else ""

    @property
    def is_draft(self) -> bool:
        return self.status == ActivityStatus.DRAFT

    def held_problems(self, today: dt.date) -> list[str]:
        """What stops this activity being marked held, in Chinese (empty when nothing)."""
        problems = []
        if not self.form_id:
            problems.append(_("请选择活动形式。"))
        if not self.date:
            problems.append(_("请填写活动日期。"))
        elif self.date > today:
            problems.append(_("活动尚未举行：日期晚于今天。"))
        if self.pk is None or not self.members_present.exists():
            problems.append(_("请勾选到场的委员（至少一名）。"))
        return [str(p) for p in problems]


class ActivityPhotoQuerySet(ScopedQuerySet):
    scope_paths = through("activity__", ActivityQuerySet.scope_paths)


class ActivityPhoto(models.Model):
    MAX_PER_ACTIVITY = 9

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("照片"), upload_to="cases/photos/%Y/%m/", validators=[validate_photo]
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ActivityPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["pk"]

    def __str__(self):
        return self.image.name


def _without(paths: dict, *roles: str) -> dict:
    return {role: lookups for role, lookups in paths.items() if role not in roles}


class VisitorQuerySet(ScopedQuerySet):
    # Committee staff follow their members' work, not the public's personal data.
    scope_paths = through("activity__", _without(ActivityQuerySet.scope_paths, "committee"))

    def due_for_anonymising(self, cutoff: dt.datetime):
        """Not yet anonymised, no case still open, and the last case closed or voided (or,
        with no case, the visit registered) before `cutoff` (个人信息保护法 第十九条)."""
        from .cases import Case

        open_case = Case.objects.filter(visitor=OuterRef("pk"), closed_at=None, voided_at=None)
        return (
            self.filter(anonymised_at=None).exclude(Exists(open_case))
            .annotate(last_closed=Max(Coalesce("cases__voided_at", "cases__closed_at")))
            .filter(Q(last_closed__lt=cutoff) | Q(last_closed=None, created_at__lt=cutoff))
        )


class Visitor(models.Model):
    """A member of the public who came to an activity. Only what the work needs (个人信息
    保护法): a name, and a phone and address only if they want to be told the outcome.
    Shown in full only to the workroom's clerk and the case's handlers (`cases.privacy`)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="visitors"
    )
    # Encrypted at rest (privacy.fields): the database never holds them in plain text.
    name = EncryptedTextField(_("姓名"), max_length=50, blank=True)
    phone = EncryptedTextField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_phone]
    )
    address = EncryptedTextField(_("住址"), max_length=200, blank=True)
    consent_to_contact = models.BooleanField(
        _("同意接收办理结果通知"), default=False,
        help_text=_("个人信息保护法：群众同意后，才通过所留电话告知办理结果。"),
    )
    consent_recorded_at = models.DateTimeField(_("同意时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    anonymised_at = models.DateTimeField(
        _("匿名化时间"), null=True, blank=True,
        help_text=_("保存期限届满后姓名、电话、住址已清除。"),
    )

    objects = VisitorQuerySet.as_manager()

    class Meta:
        verbose_name = _("来访群众")
        verbose_name_plural = _("来访群众")
        ordering = ["pk"]
        permissions = [("unmask_visitor", _("查看本人所管工作室来访群众的完整个人信息"))]

    def __str__(self):
        return _("来访群众 #%(pk)s") % {"pk": self.pk}

    @property
    def may_be_contacted(self) -> bool:
        return self.consent_to_contact and bool(self.phone)
