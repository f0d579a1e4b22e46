"""Cases and their moves (规范 第十一条, 规范 第十三条), and 集中反映 clusters."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F, Lookup, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet, through
from core.display import label
from core.fields import LimitedTextField

from ..choices import (
    Action,
    CallbackChannel,
    CaseState,
    RefusalProcedure,
    Route,
    Satisfaction,
    Solved,
    TopicState,
)
from ..receipt import receipt_display
from .activities import Activity, Visitor
from .directory import Department, Topic


class InArray(Lookup):
    """`InArray(F("pk"), subquery)`: on PostgreSQL `id = ANY(ARRAY(SELECT ...))`, which the
    planner runs once and combines with the district indexes (a BitmapOr), where `IN
    (SELECT ...)` OR-ed with them becomes a filter that reads every case; elsewhere plain
    IN. A lookup used as an expression, registered on no field."""

    lookup_name = "in_array"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} IN {rhs}", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]


OPEN_STATES = [
    s for s in CaseState.values if s not in {CaseState.CLOSED, CaseState.REFUSED, CaseState.MERGED}
]
# 规范 第十四条: the ledger of public visits is kept; a case entered in error is voided.
CASES_ARE_KEPT = _("群众诉求不能删除；登记有误的，请填写原因后作废。")


class CaseQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("raised_district", "district"),  # = activity__workroom__town__district,
        "town": ("activity__workroom__town", "town"),      # town__district, kept on save
        "clerk": ("activity__workroom__clerk",),
        "member": ("activity__members_present__user", "members__user"),
    }

    def scope_q(self, user):
        """Whoever a step assigned the case to (a handler) also sees it."""
        q = super().scope_q(user)
        handled = self._handled(user)
        return handled if q is None else q | handled

    @staticmethod
    def _handled(user) -> Q:
        # A subquery, not a join to every step: the join made each scoped query of a
        # district's cases walk millions of steps (bench/README.md).
        steps = CaseStep.objects.filter(handler=user.pk).order_by().values("case_id")
        return Q(InArray(F("pk"), steps))

    def not_voided(self):
        """Cases that count: a voided case stays only in the admin and its history."""
        return self.filter(voided_at=None)

    def open(self):
        return self.not_voided().filter(state__in=OPEN_STATES)

    def overdue(self, today: dt.date):
        return self.open().filter(due_date__lt=today)

    def refused(self):
        return self.filter(state=CaseState.REFUSED)

    def delete(self):
        raise PermissionDenied(CASES_ARE_KEPT)


class Case(models.Model):
    """One opinion or request a visitor raised, and how it was handled (规范 第十三条),
    or the record that it was not taken on and where the person was sent (规范 第十一条)."""

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
    # The districts that see the case (scope), kept from the town and the activity on every
    # save: one indexed column each instead of joins through four tables.
    district = models.ForeignKey(
        "regions.District", verbose_name=_("所涉区"), on_delete=models.PROTECT,
        related_name="cases", editable=False, null=True,
    )
    raised_district = models.ForeignKey(
        "regions.District", verbose_name=_("接待所在区"), on_delete=models.PROTECT,
        related_name="+", editable=False, null=True,
    )
    community = models.CharField(_("所涉社区（村）"), max_length=100, blank=True)
    content = LimitedTextField(_("反映内容"), max_length=2000)
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
    instruction = LimitedTextField(_("负责人批示"), max_length=2000, blank=True)
    outcome = LimitedTextField(_("办理结果"), max_length=2000, blank=True)
    feedback_note = LimitedTextField(_("向委员反馈情况"), max_length=2000, blank=True)
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
    # Never deleted (规范 第十四条: the ledger is kept): a case entered in error is voided
    # with a reason (audit.services.records_void), then left out of every list, count,
    # reminder and report, and shown as voided in the admin.
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True, editable=False)
    # The loop with the resident. The receipt number is random (it tells nobody how many
    # requests exist); a reopening (重办) and a merge are steps too (CaseStep).
    receipt_no = models.CharField(
        _("回执编号"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0, editable=False)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入的诉求"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="duplicates", editable=False,
    )
    # What the 三率 (cases.rates) need of the case's steps, kept by cases.services at each
    # step it records: the registration step's due date, the day the case first left
    # 已登记，待分办 (签收), and the due date of its latest step that is not a closing (the
    # step a closing ends).
    registered_due = models.DateField(_("分办期限"), null=True, blank=True, editable=False)
    signed_for_on = models.DateField(_("签收日期"), null=True, blank=True, editable=False)
    closed_from_due = models.DateField(
        _("办结前环节的办理期限"), null=True, blank=True, editable=False
    )
    # And of the callback after its latest closing (`Callback`, round = reopen_count), kept
    # by cases.callbacks as it writes one and cleared by a reopening: blank until then.
    callback_channel = models.CharField(_("回访方式"), max_length=16, blank=True,
                                        choices=CallbackChannel.choices, editable=False)
    callback_solved = models.CharField(_("回访：是否解决"), max_length=16, blank=True,
                                       choices=Solved.choices, editable=False)
    callback_satisfaction = models.CharField(_("回访：满意程度"), max_length=20, blank=True,
                                             choices=Satisfaction.choices, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("作废人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("群众诉求")
        verbose_name_plural = _("群众诉求")
        ordering = ["-raised_on", "-pk"]
        permissions = [
            ("void_case", _("作废群众诉求")),
            ("route_case", _("分办、转办、办结群众诉求（规范 第十三条）")),
            ("instruct_case", _("录入镇（街）主要负责人的批示（规范 第十三条）")),
            ("file_case",
             _("委员就交其调研的诉求提交提案或社情民意信息并办结（规范 第十三条（四））")),
            ("merge_case", _("将相同诉求并入主诉求合并办理，或撤销合并")),
            ("reopen_case", _("重办已办结的群众诉求（须说明理由）")),
        ]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_void_has_reason",
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                violation_error_message=_("作废须填写原因。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_refusal_says_where",
                condition=~Q(state=CaseState.REFUSED)
                | (~Q(referred_body="") & ~Q(referred_procedure="")),
                violation_error_message=_(
                    "不予受理的事项须记录告知群众的受理机关和法定程序（规范 第十一条）。"
                ),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_petition_closes_after_feedback",
                condition=~Q(state=CaseState.CLOSED, route=Route.PETITION)
                | Q(feedback_at__isnull=False),
                violation_error_message=_(
                    "信访事项须将办理情况向委员反馈后方可办结（规范 第十三条（三））。"
                ),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_member_route_closes_with_record",
                condition=~Q(state=CaseState.CLOSED, route=Route.MEMBER)
                | Q(duty_record__isnull=False),
                violation_error_message=_(
                    "委员调研的事项须关联提案或社情民意记录后方可办结（规范 第十三条（四））。"
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_date"]),
            models.Index(fields=["topic", "town", "raised_on"]),
            models.Index(fields=["district", "state", "raised_on"]),
            models.Index(fields=["raised_district", "state", "raised_on"]),
            # The yearly report's counts (reports/figures.py) read these alone, not the
            # table: a year's cases by district, route and state; the district of a
            # proposal or report filed from a case.
            models.Index(
                fields=["raised_on"],
                include=["raised_district", "route", "state", "referred_procedure"],
                condition=Q(voided_at__isnull=True), name="cases_case_figures_of_year",
            ),
            # The 三率 (cases.rates) read these alone: a district's year of counted cases
            # with what each figure needs (the case's kept facts, no step or callback).
            models.Index(
                fields=["district", "raised_on"],
                include=["id", "town", "activity", "department", "state", "closed_at",
                         "reopen_count", "registered_due", "signed_for_on", "closed_from_due",
                         "callback_channel", "callback_solved", "callback_satisfaction"],
                condition=Q(voided_at__isnull=True, merged_into__isnull=True),
                name="cases_case_rates_of_year",
            ),
            models.Index(
                fields=["duty_record"], include=["raised_district"],
                condition=Q(duty_record__isnull=False), name="cases_case_filed_district",
            ),
        ]

    def __str__(self):
        return _("诉求 #%(pk)s %(topic)s") % {"pk": self.pk, "topic": self.topic}

    def save(self, *args, **kwargs):
        """Keep the two districts when the town or the activity is new or changed (two small
        queries, not on every step of a case)."""
        placed = (self.town_id, self.activity_id)
        if getattr(self, "_placed", None) != placed:
            self.district_id, self.raised_district_id = case_districts(*placed)
            self._placed = placed
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "district", "raised_district"}
        super().save(*args, **kwargs)

    def void_refusal(self) -> str | None:
        """Why this case may not be voided (audit.services.records_void), or None: the
        requests merged into it would never hear an outcome."""
        if self.duplicates.filter(state=CaseState.MERGED, voided_at=None).exists():
            return _("有相同诉求已并入本件合并办理，请先撤销合并，再作废。")
        return None

    @classmethod
    def from_db(cls, db, field_names, values):
        case = super().from_db(db, field_names, values)
        case._placed = (case.__dict__.get("town_id"), case.__dict__.get("activity_id"))
        return case

    def delete(self, *args, **kwargs):
        raise PermissionDenied(CASES_ARE_KEPT)

    @property
    def receipt(self) -> str:
        """The receipt number as read out and printed: 3829 1047 5521."""
        return receipt_display(self.receipt_no)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES and self.voided_at is None

    @property
    def reopen_mark(self) -> str:
        """重办, with how many times when more than once: shown beside the state."""
        if not self.reopen_count:
            return ""
        if self.reopen_count == 1:
            return str(_("重办"))
        return str(_("重办%(n)s次")) % {"n": self.reopen_count}

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today

    def handler_ids(self) -> set[int]:
        """Everyone a step assigned this case to, now or before (they may see it in full)."""
        return set(self.steps.exclude(handler=None).values_list("handler_id", flat=True))


def case_districts(town_id, activity_id) -> tuple[int | None, int | None]:
    """(district of the town concerned, district of the workroom where it was raised)."""
    from regions.models import Town

    district = Town.objects.filter(pk=town_id).values_list("district_id", flat=True).first()
    raised = None
    if activity_id is not None:
        raised = (
            Activity.objects.filter(pk=activity_id)
            .values_list("workroom__town__district_id", flat=True).first()
        )
    return district, raised


def step_facts(step_model, case_ref="pk") -> dict:
    """{field: expression} of the facts Case keeps from its steps, for an UPDATE of the
    cases (one statement, correlated on the case; the backfill migration repeats them)."""
    steps = step_model._default_manager.filter(case=OuterRef(case_ref)).order_by("at", "pk")
    return {
        "registered_due": Subquery(steps.filter(action=Action.REGISTER).values("due_date")[:1]),
        "signed_for_on": TruncDate(Subquery(
            steps.filter(from_state=CaseState.REGISTERED).exclude(action=Action.MERGE)
            .values("at")[:1])),
        "closed_from_due": Subquery(steps.exclude(to_state=CaseState.CLOSED)
                                    .order_by("-at", "-pk").values("due_date")[:1]),
    }


def refresh_step_facts(case_ids) -> None:
    """Recount the kept facts of these cases from their steps (one UPDATE): for steps written
    outside cases.services, which keeps them as it moves a case (`_step_facts`), the
    only writer of steps in the product; the admin shows steps read-only."""
    case_ids = list(case_ids)
    if case_ids:
        Case._default_manager.filter(pk__in=case_ids).update(**step_facts(CaseStep))


class CaseStepQuerySet(ScopedQuerySet):
    scope_paths = through("case__", CaseQuerySet.scope_paths)

    def scope_q(self, user):
        q = super().scope_q(user)
        handled = Q(case_id__in=CaseStep.objects.filter(handler=user.pk).values("case_id"))
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
    note = LimitedTextField(_("说明"), max_length=2000, blank=True)
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
        return f"{self.case_id} {label(self, 'action')}"


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


class ConsultationTopicQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("district",),
        "town": ("cluster__town",),
        "clerk": ("cluster__cases__activity__workroom__clerk",),
    }


class ConsultationTopic(models.Model):
    """举措 四（三）: a widespread, general problem the public keeps raising (a 集中反映
    cluster) put forward as a consultation topic (协商议题建议), for the CPPCC's plan of
    consultation and democratic supervision; beside the member's proposal of
    规范 第十三条（四）. The district records whether it entered the plan."""

    cluster = models.OneToOneField(
        Cluster, verbose_name=_("集中反映"), on_delete=models.PROTECT,
        related_name="consultation_topic",
    )
    district = models.ForeignKey(
        "regions.District", verbose_name=_("区"), on_delete=models.PROTECT,
        related_name="consultation_topics", editable=False,
    )
    title = models.CharField(_("议题名称"), max_length=100)
    reason = LimitedTextField(_("建议理由"), max_length=2000)
    state = models.CharField(
        _("状态"), max_length=12, choices=TopicState.choices, default=TopicState.PROPOSED
    )
    decision_note = models.CharField(_("处理意见"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    proposed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True, editable=False)

    objects = ConsultationTopicQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商议题建议")
        verbose_name_plural = _("协商议题建议")
        ordering = ["-proposed_at", "-pk"]
        permissions = [
            ("decide_consultationtopic", _("决定协商议题建议是否纳入协商计划（举措 四（三））")),
        ]

    def __str__(self):
        return self.title
