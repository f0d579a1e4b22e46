"""The workroom ledger (台账, 规范 第十四条) and the cases raised at it (规范 第十、十一、十三条).

An Activity is one reception day or other community activity of a workroom; the
visitors who came and each opinion or request they raised (a Case) hang off it. A
case moves through the states of 规范 第十三条 only by `cases.services.case_route`;
every move is a CaseStep.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import Role
from accounts.scoping import ScopedQuerySet, sees_everything, through
from members.validators import validate_phone
from scoring.choices import ActivityForm

from .choices import (
    Action,
    ActivityStatus,
    CaseState,
    DepartmentKind,
    RefusalProcedure,
    Route,
    SettingKey,
)
from .validators import validate_photo

OPEN_STATES = [s for s in CaseState.values if s not in {CaseState.CLOSED, CaseState.REFUSED}]


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
    (规范 第十三条（二）（三）): the directory staff maintain."""

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
        return f"{self.town.name if self.town_id else self.district.name}{self.name}"


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
}


class RoutingSetting(models.Model):
    """One number the routing uses: a step's due time, or a clustering threshold."""

    key = models.CharField(_("设置项"), max_length=40, choices=SettingKey.choices, unique=True)
    value = models.PositiveIntegerField(_("数值"))
    is_local_setting = models.BooleanField(
        _("本地设置"), default=True, help_text=_("文件未规定、由本地设定的数值。")
    )
    basis = models.CharField(_("依据或说明"), max_length=200, blank=True)

    objects = RoutingSettingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("办理时限与集中反映设置")
        verbose_name_plural = _("办理时限与集中反映设置")
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
    form = models.CharField(
        _("活动形式"), max_length=24, choices=ActivityForm.choices, blank=True,
        help_text=_("规范 第十条。"),
    )
    date = models.DateField(_("活动日期"), null=True, blank=True)
    members_present = models.ManyToManyField(
        "members.Member", verbose_name=_("到场委员"), blank=True,
        related_name="community_activities",
    )
    attendance = models.PositiveIntegerField(_("参加群众人数"), default=0)
    summary = models.TextField(_("活动概况"), blank=True)
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
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_held_has_date_and_form",
                condition=Q(status=ActivityStatus.DRAFT) | (Q(date__isnull=False) & ~Q(form="")),
                violation_error_message=_("已举行的活动必须填写活动日期和活动形式。"),
            )
        ]
        indexes = [models.Index(fields=["workroom", "status", "date"])]

    def __str__(self):
        when = f"{self.date:%Y-%m-%d}" if self.date else _("日期未定")
        return f"{self.workroom} {when} {self.get_form_display() or _('活动')}"

    @property
    def is_draft(self) -> bool:
        return self.status == ActivityStatus.DRAFT

    def held_problems(self, today: dt.date) -> list[str]:
        """What stops this activity being marked held, in Chinese (empty when nothing)."""
        problems = []
        if not self.form:
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


class Visitor(models.Model):
    """A member of the public who came to an activity. Only what the work needs (个人信息
    保护法): a name, and a phone and address only if they want to be told the outcome.
    Shown in full only to the workroom's clerk and the case's handlers (`cases.privacy`)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="visitors"
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_phone]
    )
    address = models.CharField(_("住址"), max_length=200, blank=True)
    consent_to_contact = models.BooleanField(
        _("同意接收办理结果通知"), default=False,
        help_text=_("个人信息保护法：群众同意后，才通过所留电话告知办理结果。"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = VisitorQuerySet.as_manager()

    class Meta:
        verbose_name = _("来访群众")
        verbose_name_plural = _("来访群众")
        ordering = ["pk"]

    def __str__(self):
        return _("来访群众 #%(pk)s") % {"pk": self.pk}

    @property
    def may_be_contacted(self) -> bool:
        return self.consent_to_contact and bool(self.phone)


class CaseQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("activity__workroom__town__district", "town__district"),
        "town": ("activity__workroom__town", "town"),
        "clerk": ("activity__workroom__clerk",),
        "member": ("activity__members_present__user", "members__user"),
    }

    def scope_q(self, user):
        """Whoever a step assigned the case to (a handler) also sees it."""
        q = super().scope_q(user)
        handled = Q(steps__handler=user.pk)
        return handled if q is None else q | handled

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, today: dt.date):
        return self.open().filter(due_date__lt=today)

    def refused(self):
        return self.filter(state=CaseState.REFUSED)


class Case(models.Model):
    """One opinion or request a visitor raised, and how it was handled (规范 第十三条),
    or the record that it was not taken on and where the person was sent (第十一条)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="cases"
    )
    visitor = models.ForeignKey(
        Visitor, verbose_name=_("来访群众"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="cases",
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="cases"
    )
    town = models.ForeignKey(
        "regions.Town", verbose_name=_("所涉镇（街）"), on_delete=models.PROTECT,
        related_name="cases",
    )
    community = models.CharField(_("所涉社区（村）"), max_length=100, blank=True)
    content = models.TextField(_("反映内容"))
    raised_on = models.DateField(_("反映日期"))
    members = models.ManyToManyField(
        "members.Member", verbose_name=_("接谈或承办委员"), blank=True, related_name="cases"
    )
    state = models.CharField(
        _("状态"), max_length=28, choices=CaseState.choices, default=CaseState.REGISTERED
    )
    route = models.CharField(_("办理途径"), max_length=16, choices=Route.choices, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("当前承办部门"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="cases",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("当前经办人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="handled_cases",
    )
    due_date = models.DateField(_("当前环节办理期限"), null=True, blank=True)
    current_step = models.ForeignKey(
        "CaseStep", verbose_name=_("当前环节"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    instruction = models.TextField(_("负责人批示"), blank=True)
    outcome = models.TextField(_("办理结果"), blank=True)
    feedback_note = models.TextField(_("向委员反馈情况"), blank=True)
    feedback_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    referred_procedure = models.CharField(
        _("告知的法定程序"), max_length=16, choices=RefusalProcedure.choices, blank=True
    )
    referred_body = models.CharField(_("告知的受理机关"), max_length=100, blank=True)
    duty_record = models.ForeignKey(
        "scoring.DutyRecord", verbose_name=_("提案或社情民意记录"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("群众诉求")
        verbose_name_plural = _("群众诉求")
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_refusal_says_where",
                condition=~Q(state=CaseState.REFUSED)
                | (~Q(referred_body="") & ~Q(referred_procedure="")),
                violation_error_message=_("不予受理的事项须记录告知群众的受理机关和法定程序（规范 第十一条）。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_petition_closes_after_feedback",
                condition=~Q(state=CaseState.CLOSED, route=Route.PETITION)
                | Q(feedback_at__isnull=False),
                violation_error_message=_("信访事项须将办理情况向委员反馈后方可办结（规范 第十三条（三））。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_member_route_closes_with_record",
                condition=~Q(state=CaseState.CLOSED, route=Route.MEMBER)
                | Q(duty_record__isnull=False),
                violation_error_message=_("委员调研的事项须关联提案或社情民意记录后方可办结（规范 第十三条（四））。"),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_date"]),
            models.Index(fields=["topic", "town", "raised_on"]),
        ]

    def __str__(self):
        return _("诉求 #%(pk)s %(topic)s") % {"pk": self.pk, "topic": self.topic}

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today

    def handler_ids(self) -> set[int]:
        """Everyone a step assigned this case to, now or before (they may see it in full)."""
        return set(self.steps.exclude(handler=None).values_list("handler_id", flat=True))


class CaseStepQuerySet(ScopedQuerySet):
    scope_paths = through("case__", CaseQuerySet.scope_paths)

    def scope_q(self, user):
        q = super().scope_q(user)
        handled = Q(case__steps__handler=user.pk)
        return handled if q is None else q | handled


class CaseStep(models.Model):
    """One move of a case: from which state to which, who, when, why, and to whom."""

    case = models.ForeignKey(
        Case, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    from_state = models.CharField(
        _("原状态"), max_length=28, choices=CaseState.choices, blank=True
    )
    to_state = models.CharField(_("新状态"), max_length=28, choices=CaseState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.TextField(_("说明"), blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("承办部门"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="steps",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="case_steps_handled",
    )
    due_date = models.DateField(_("办理期限"), null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(_("超期提醒时间"), null=True, blank=True)

    objects = CaseStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case_id} {self.get_action_display()}"


class ClusterQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("district",),
        "town": ("town",),
        "clerk": ("cases__activity__workroom__clerk",),
    }


class Cluster(models.Model):
    """集中反映: cases on one topic in one town/street (or district) that reached the
    threshold within the window (settings). Members involved are asked to consider
    route (四) of 规范 第十三条."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="clusters"
    )
    district = models.ForeignKey(
        "regions.District", verbose_name=_("区"), on_delete=models.PROTECT,
        related_name="case_clusters",
    )
    town = models.ForeignKey(
        "regions.Town", verbose_name=_("镇（街）"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="case_clusters",
        help_text=_("留空表示全区范围的集中反映。"),
    )
    cases = models.ManyToManyField(Case, verbose_name=_("诉求"), related_name="clusters")
    first_date = models.DateField(_("最早反映日期"))
    last_date = models.DateField(_("最近反映日期"))
    flagged_at = models.DateTimeField(_("标记时间"), auto_now_add=True)

    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = _("集中反映")
        verbose_name_plural = _("集中反映")
        ordering = ["-last_date", "-pk"]

    def __str__(self):
        place = self.town.name if self.town_id else self.district.name
        return f"{place}「{self.topic}」{_('集中反映')}"

    @property
    def place(self) -> str:
        return self.town.name if self.town_id else self.district.name


class PersonalDataAccessQuerySet(models.QuerySet):
    def for_user(self, user):
        """Only the audit role and the municipal office read who read personal data."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_everything(user) or user.role == Role.AUDITOR:
            return self
        return self.none()


class PersonalDataAccess(models.Model):
    """Someone read a visitor's unmasked phone or address (个人信息保护法): who, when, why."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("查看人"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    visitor = models.ForeignKey(
        Visitor, verbose_name=_("来访群众"), null=True, on_delete=models.SET_NULL,
        related_name="accesses",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("诉求"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    purpose = models.CharField(_("用途（页面或导出）"), max_length=60)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.purpose} {self.at:%Y-%m-%d %H:%M}"
