"""The workroom ledger (台账, 规范 第十四条): activities held, members present, visitors,
cases with their routes and outcomes, for a date range; as a page, .xlsx and PDF.

Visitors appear in full only to the people `cases.privacy` names, and every unmasked
row that leaves in a page or an export is logged.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.display import label
from core.links import url_for
from documents.pdf import render_pdf
from documents.xlsx import workbook_bytes
from members.models import Member

from .choices import CaseState, Route
from .models import Activity, Case, Visitor
from .privacy import ShownVisitor, visitors_shown


@dataclass
class Ledger:
    workroom: object
    start: dt.date | None
    end: dt.date | None
    activities: list[Activity]
    visitors: list[Visitor]
    cases: list[Case]
    shown: dict[int, ShownVisitor]

    @property
    def period(self) -> str:
        if not (self.start or self.end):
            return _("全部")
        return f"{self.start or '…'} 至 {self.end or '…'}"

    def case_pairs(self) -> list[tuple[Case, ShownVisitor | None]]:
        return [(c, self.shown.get(c.visitor_id)) for c in self.cases]

    def totals(self) -> list[tuple[str, int]]:
        counted = [c for c in self.cases if c.state != CaseState.MERGED]
        taken_on = [c for c in counted if c.state != CaseState.REFUSED]
        return totals_list(
            activities=len(self.activities),
            present=sum(len(a.members_present.all()) for a in self.activities),
            attendance=sum(a.attendance for a in self.activities), visitors=len(self.visitors),
            taken_on=len(taken_on), closed=sum(c.state == CaseState.CLOSED for c in taken_on),
            routes=Counter(c.route for c in counted),
            merged=len(self.cases) - len(counted),
        )


def totals_list(*, activities, present, attendance, visitors, taken_on, closed,
                routes: Counter, merged: int) -> list[tuple[str, int]]:
    """A request merged into the same one (相同诉求) is counted once, with it: it is in no
    other total but its own line."""
    return [
        (_("举行活动（次）"), activities),
        (_("委员到场（人次）"), present),
        (_("参加群众（人次）"), attendance),
        (_("登记来访群众（人）"), visitors),
        (_("受理诉求（件）"), taken_on),
        (_("其中已办结（件）"), closed),
        *[(str(label), routes[value]) for value, label in Route.choices
          if value != Route.REFUSED],
        (_("不予受理，已告知途径（件，规范 第十一条）"), routes[Route.REFUSED]),
        (_("与已登记诉求相同，并入合并办理（件）"), merged),
    ]


def ledger_build(*, workroom, user, start=None, end=None, purpose: str) -> Ledger:
    """The ledger of one workroom (already scoped by the caller) as `user` may see it."""
    activities = list(
        with_counts(
            Activity.objects.for_user(user).held().filter(workroom=workroom).between(start, end)
        ).select_related("form").prefetch_related("members_present").order_by("date", "pk")
    )
    visitors = list(
        Visitor.objects.for_user(user).filter(activity__in=activities)
        .select_related("activity__workroom").order_by("activity__date", "pk")
    )
    cases = list(
        Case.objects.for_user(user).not_voided().filter(activity__in=activities)
        .select_related("topic", "town", "department", "visitor", "activity", "duty_record")
        .prefetch_related(Prefetch("members"))
        .order_by("raised_on", "pk")
    )
    shown = visitors_shown(user=user, visitors=visitors, purpose=purpose)
    return Ledger(workroom, start, end, activities, visitors, cases, shown)


def with_counts(activities):
    """Each activity's registered visitors and cases, as correlated subqueries: the database
    sorts and pages the activities first and counts for the shown page only (a JOIN and
    GROUP BY counted every activity of the workroom's history before paging)."""
    return activities.annotate(
        n_visitors=_count_per_activity(Visitor.objects.all()),
        n_cases=_count_per_activity(Case.objects.not_voided()),
    )


def _count_per_activity(rows):
    counted = (
        rows.filter(activity=OuterRef("pk")).order_by().values("activity")
        .annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted), 0)


# --- the page: totals counted in SQL, activities a page at a time ---------------------------


@dataclass(frozen=True)
class ActivityLine:
    """One activity as the ledger page lists it, its text made once in Python (a template
    tag or filter per cell of every row was most of the page's cost)."""

    url: str
    date: str
    form: str
    present: str
    attendance: int
    n_visitors: int
    n_cases: int


@dataclass(frozen=True)
class CaseLine:
    """One case as the ledger page lists it, with its visitor as the viewer may see them."""

    url: str
    pk: int
    topic: str
    raised_on: str
    town: str
    visitor: ShownVisitor | None
    route: str
    state: str
    outcome: str
    reopen_mark: str  # 重办, 重办N次, or ""


def activity_lines(ledger: Ledger) -> list[ActivityLine]:
    url = url_for("cases:activity")
    return [
        ActivityLine(url(a.pk), a.date.isoformat(), label(a, "form"),
                     "、".join(m.name for m in a.members_present.all()), a.attendance,
                     a.n_visitors, a.n_cases)
        for a in ledger.activities
    ]


def case_lines(ledger: Ledger) -> list[CaseLine]:
    """The cases of `ledger_page`, which reads their topic's and town's names alone."""
    url, waiting = url_for("cases:case"), _("待分办")
    return [
        CaseLine(url(c.pk), c.pk, c.topic_name, c.raised_on.isoformat(), c.town_name, visitor,
                 label(c, "route") or waiting, label(c, "state"),
                 clipped(c.outcome, 80), c.reopen_mark)
        for c, visitor in ledger.case_pairs()
    ]


def clipped(text: str, length: int) -> str:
    """The template's `truncatechars`, which walks the text character by character even
    when it is short enough to keep whole."""
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(length)

PAGE_SIZE = 30


def _held(workroom, user, start, end):
    return Activity.objects.for_user(user).held().filter(workroom=workroom).between(start, end)


def ledger_totals(*, workroom, user, start=None, end=None) -> list[tuple[str, int]]:
    """The same totals as `Ledger.totals`, counted by the database (four queries whatever
    the number of rows)."""
    held = _held(workroom, user, start, end)
    sums = held.aggregate(n=Count("pk"), attendance=Sum("attendance"))
    present = Activity.members_present.through.objects.filter(activity__in=held.values("pk"))
    cases = Case.objects.for_user(user).not_voided().filter(activity__in=held.values("pk"))
    by_state = Counter()
    routes = Counter()
    for route, state, n in cases.order_by().values_list("route", "state").annotate(n=Count("pk")):
        routes[route] += n if state != CaseState.MERGED else 0
        by_state[state] += n
    return totals_list(
        activities=sums["n"], present=present.count(), attendance=sums["attendance"] or 0,
        visitors=Visitor.objects.for_user(user).filter(activity__in=held.values("pk")).count(),
        taken_on=sum(by_state.values()) - by_state[CaseState.REFUSED] - by_state[CaseState.MERGED],
        closed=by_state[CaseState.CLOSED], routes=routes, merged=by_state[CaseState.MERGED],
    )


def ledger_page(*, workroom, user, start=None, end=None, page=None, purpose: str):
    """One page of the ledger (the newest activities first) with the cases raised at them;
    only the visitors of those cases are shown, so only they are logged as read.
    Returns (Ledger of the page, the Paginator page)."""
    # Only what the page shows of each row (`activity_lines`, `case_lines`): the names of
    # the members present, of a case's topic and town (a page built some eight hundred model
    # instances, each of every column).
    present = Prefetch("members_present", queryset=Member.objects.only("name"))
    activities = (
        with_counts(_held(workroom, user, start, end)).select_related("form")
        .prefetch_related(present).order_by("-date", "-pk")
    )
    paged = Paginator(activities, PAGE_SIZE).get_page(page)
    shown_activities = list(paged.object_list)
    cases = list(
        Case.objects.for_user(user).not_voided()
        .filter(activity__in=[a.pk for a in shown_activities])
        .annotate(topic_name=F("topic__name"), town_name=F("town__name"))
        .only("visitor", "raised_on", "route", "state", "outcome", "reopen_count")
        .order_by("-raised_on", "-pk")
    )
    visitors = list(
        Visitor.objects.for_user(user).filter(pk__in={c.visitor_id for c in cases})
        .select_related("activity__workroom").order_by("pk")
        # what is shown of them and whose clerk may read them in full (cases.privacy)
        .only("name", "phone", "address", "consent_to_contact", "activity__workroom__clerk")
    )
    shown = visitors_shown(user=user, visitors=visitors, purpose=purpose)
    return Ledger(workroom, start, end, shown_activities, visitors, cases, shown), paged


ACTIVITY_HEADERS = [
    "日期", "活动形式", "到场委员", "参加群众人数", "来访登记（人）", "诉求（件）", "活动概况",
]
VISITOR_HEADERS = ["来访日期", "姓名", "联系电话", "住址", "同意接收通知"]
CASE_HEADERS = [
    "编号", "反映日期", "来访群众", "类别", "所涉镇（街）", "社区", "反映内容", "办理途径", "状态",
    "承办部门", "办理结果", "告知的程序与机关（第十一条）", "提案/社情民意", "办结时间",
]


def activity_rows(ledger: Ledger) -> list[list]:
    return [
        [
            a.date, label(a, "form"), "、".join(m.name for m in a.members_present.all()),
            a.attendance, a.n_visitors, a.n_cases, a.summary,
        ]
        for a in ledger.activities
    ]


def visitor_rows(ledger: Ledger) -> list[list]:
    rows = []
    for v in ledger.visitors:
        shown = ledger.shown[v.pk]
        rows.append([
            v.activity.date, shown.name, shown.phone, shown.address,
            _("是") if v.consent_to_contact else _("否"),
        ])
    return rows


def case_rows(ledger: Ledger) -> list[list]:
    return [_case_row(ledger, c) for c in ledger.cases]


def _case_row(ledger: Ledger, c: Case) -> list:
    visitor = ledger.shown[c.visitor_id].name if c.visitor_id in ledger.shown else ""
    referral = (
        f"{label(c, 'referred_procedure')}：{c.referred_body}" if c.referred_body else ""
    )
    return [
        c.pk, c.raised_on, visitor, c.topic.name, c.town.name, c.community, c.content,
        label(c, "route"), label(c, "state") + (f"（{c.reopen_mark}）" if c.reopen_count else ""),
        str(c.department) if c.department_id else "", c.outcome, referral,
        c.duty_record.title if c.duty_record_id else "",
        timezone.localdate(c.closed_at) if c.closed_at else None,
    ]


def ledger_xlsx(ledger: Ledger) -> bytes:
    return workbook_bytes([
        ("概况", ["项目", "数量"], ledger.totals()),
        ("活动", ACTIVITY_HEADERS, activity_rows(ledger)),
        ("来访群众", VISITOR_HEADERS, visitor_rows(ledger)),
        ("诉求办理", CASE_HEADERS, case_rows(ledger)),
    ])


def ledger_pdf(ledger: Ledger) -> bytes:
    return render_pdf("cases/ledger_pdf.html", {
        "title": _("%(room)s工作台账") % {"room": ledger.workroom.name},
        "ledger": ledger, "totals": ledger.totals(),
        "activity_headers": ACTIVITY_HEADERS, "activity_rows": activity_rows(ledger),
        "visitor_headers": VISITOR_HEADERS, "visitor_rows": visitor_rows(ledger),
        "case_headers": CASE_HEADERS, "case_rows": case_rows(ledger),
    })
