"""The 三率 and response times of the loop with the resident, for one period and one level
(a workroom, a town/street, a district, the city, a department, a member).

What is counted, for the cases of the period:
- The period is by 反映日期 (`Case.raised_on`): a case counts in the year it was raised,
  whenever it closes; the December report (规范 第十四条) and the pages say so.
- A case counts once per group. Voided cases and duplicates merged into another case
  (state 已并入, or `merged_into` set) never count: the master case stands for them.
- Levels group by the place that handles the case: the town/street concerned
  (`Case.town`) and its district (`Case.district`); the workroom where it was raised; the
  department handling it now or when it closed (`Case.department`); each member who heard
  or took it on (`Case.members`; a case with two members counts for each).
- Callbacks: each case counts with the callback after its latest closing (round = its
  reopen count): an answer to an earlier closing is replaced by the answer after the
  reopened case closed again; a case being handled again (重办) has none until then. The
  case keeps that answer (`Case.callback_*`, written by cases.callbacks), as it keeps what
  the figures need of its steps, so neither steps nor callbacks are read here.

Every figure carries its definition (口径), numerator, denominator and period; below the
minimum sample (本地设置 RATES_MIN_SAMPLE) it is shown with its count and marked 样本不足,
and no ranking or comparison (map colour) uses it.

The figures of one level come in a fixed number of queries whatever the data size: one
grouped count, one grouped histogram of days to close (the median is read from it), the
names of the groups, the minimum sample and the callback wait (one query for both
settings), and the working-day calendar of the years the wait spans. On PostgreSQL both
grouped queries read a district's year from one index alone (cases_case_rates_of_year).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from receptions.calendar import WorkCalendar

from .choices import SATISFIED_LEVELS, CallbackChannel, CaseState, SettingKey, Solved
from .models import Case, Department, RoutingSetting
from .models.directory import ROUTING_DEFAULTS


class Level:
    WORKROOM = "workroom"
    TOWN = "town"
    DISTRICT = "district"
    CITY = "city"
    DEPARTMENT = "department"
    MEMBER = "member"


LEVEL_LABELS = {
    Level.WORKROOM: _("工作室"), Level.TOWN: _("镇（街）"), Level.DISTRICT: _("区"),
    Level.CITY: _("全市"), Level.DEPARTMENT: _("承办部门"), Level.MEMBER: _("委员"),
}
# The column each level groups by (None: one group, the city).
GROUP_BY = {
    Level.WORKROOM: "activity__workroom", Level.TOWN: "town", Level.DISTRICT: "district",
    Level.CITY: None, Level.DEPARTMENT: "department", Level.MEMBER: "members",
}
CITY_KEY = 0

# code, name, definition (口径), unit ("%" or "天"). The order shown.
DEFINITIONS = [
    ("response", _("响应率"), _(
        "登记后在分办时限内签收（离开“已登记，待分办”环节：分办、当场答复或不予受理）的"
        "诉求 ÷ 诉求总数；仍在待分办且未超时限的不计入。"), "%"),
    ("solved", _("解决率"), _(
        "回访答复“解决”的诉求 ÷ 回答了“是否解决”的回访；“部分解决”“未解决”不计为解决。"
        "每件诉求按最近一次办结后的回访计。"), "%"),
    ("satisfied", _("满意率"), _(
        "回访答复“非常满意”“满意”“基本满意”的诉求 ÷ 回答了满意程度的回访（好差评五级）。"
        "每件诉求按最近一次办结后的回访计；逾期未答复的不计为满意。"), "%"),
    ("coverage", _("回访率"), _(
        "群众答复了回访的诉求 ÷ 应回访的诉求（已办结且已过回访等待期，或最近一次办结后"
        "已有回访记录）。"), "%"),
    ("reopen", _("重办率"), _("重办过的诉求 ÷ 办结过的诉求。"), "%"),
    ("median_days", _("办结用时中位数"), _(
        "已办结诉求从反映日期到办结日期的自然日数的中位数（分母为已办结件数）。"), _("天")),
    ("on_time", _("按期办结率"), _(
        "办结环节在上一环节办理期限内完成的诉求 ÷ 上一环节设有期限的已办结诉求。"), "%"),
]
SCOPE_NOTE = _(
    "按反映日期统计期间内登记的诉求；作废的诉求和已并入其他诉求合并办理的不计；"
    "少于最少样本的数字只列件数，不作比较（样本不足）。"
)


@dataclass
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) \
                and self.start.year == self.end.year:
            return f"{self.start.year}年（按反映日期）"
        return f"{self.start:%Y年%m月%d日}至{self.end:%Y年%m月%d日}（按反映日期）"


@dataclass
class Row:
    key: int
    name: str
    cases: int
    figures: dict[str, dict] = field(default_factory=dict)

    def as_dict(self) -> dict:
        # `cells`: the figures in the order shown (a template cannot look a dict up by a
        # variable; a list keeps its order in PostgreSQL's jsonb, a dict's keys do not).
        # Each names its code; the words of each code are the table's `definitions`, once.
        return {"key": self.key, "name": self.name, "cases": self.cases,
                "cells": [self.figures[c] for c, *_ in DEFINITIONS]}


def figures_of(row: dict) -> dict[str, dict]:
    """{code: figure} of a row of a rates() table (live or frozen in a report)."""
    return {cell["code"]: cell for cell in row["cells"]}


def counted_cases(period: Period):
    """The cases the rates count: raised in the period, neither voided nor merged."""
    return (Case.objects.not_voided()
            .filter(raised_on__gte=period.start, raised_on__lte=period.end, merged_into=None)
            .exclude(state=CaseState.MERGED))


def rates(*, level: str, period: Period, within: Q | None = None,
          today: dt.date | None = None, parent: str | None = None) -> dict:
    """{level, period, min_sample, definitions, rows: [{key, name, cases, figures,
    cells}]} for the cases of `period` (narrowed by `within`, e.g. Q(district=d)), grouped
    by `level`. Plain JSON, so a report can freeze it. Each figure: {code, name,
    definition, unit, numerator, denominator, value (percent or days, None without a
    denominator), enough}.

    `parent` (a level that contains `level`, as the district its towns): each row names its
    parent's key, and "parents" holds the parents' rows, added up from their children's
    counts and days in the same queries (each case has one town, in one district)."""
    today = today or timezone.localdate()
    cases = counted_cases(period)
    if within is not None:
        cases = cases.filter(within)
    minimum, cutoff = _settings(today)
    keys = [GROUP_BY[level]] + ([GROUP_BY[parent]] if parent else [])
    counts, days = _counts(cases, keys, cutoff, today), _days_to_close(cases, keys)
    result = {
        "level": level, "level_label": str(LEVEL_LABELS[level]),
        "period": period.label, "min_sample": minimum, "note": str(SCOPE_NOTE),
        "definitions": [{"code": c, "name": str(n), "definition": str(d), "unit": str(u)}
                        for c, n, d, u in DEFINITIONS],
        "rows": _rows(level, counts, days, minimum, with_parent=bool(parent)),
    }
    if parent:
        result["parents"] = _rows(parent, *_rolled_up(counts, days), minimum)
    return result


def _rows(level: str, counts: dict, days: dict, minimum: int, with_parent=False) -> list[dict]:
    """Rows in the level's own order (districts by code), named."""
    names = _names(level, {group[0] for group in counts})
    order = {k: i for i, k in enumerate(names)}
    units = [(code, str(unit)) for code, _name, _text, unit in DEFINITIONS]
    rows = []
    for group in sorted(counts, key=lambda g: (order.get(g[0], len(order)), g[0] or 0)):
        key = group[0]
        if key is None and level == Level.MEMBER:
            continue  # cases no member heard or took on count for no member
        row = Row(key if key is not None else -1, names.get(key, str(_("未交部门"))),
                  counts[group]["cases"])
        row.figures = _figures(counts[group], days.get(group, {}), minimum, units)
        rows.append({**row.as_dict(), **({"parent": group[1]} if with_parent else {})})
    return rows


def _rolled_up(counts: dict, days: dict) -> tuple[dict, dict]:
    """Children's counts and day histograms added up by parent (the second key)."""
    up_counts: dict = {}
    up_days: dict = defaultdict(lambda: defaultdict(int))
    for (_child, parent), row in counts.items():
        total = up_counts.setdefault((parent,), dict.fromkeys(row, 0))
        for name, value in row.items():
            total[name] += value
    for (_child, parent), histogram in days.items():
        for value, n in histogram.items():
            up_days[(parent,)][value] += n
    return up_counts, up_days


def _settings(today: dt.date) -> tuple[int, dt.date]:
    """(the minimum sample, the callback cutoff): the two 本地设置 read in one query."""
    keys = [SettingKey.RATES_MIN_SAMPLE, SettingKey.CALLBACK_WAIT_DAYS]
    found = dict(RoutingSetting.objects.filter(key__in=keys).values_list("key", "value"))
    value = {key: found.get(key, ROUTING_DEFAULTS[key]) for key in keys}
    return (value[SettingKey.RATES_MIN_SAMPLE],
            callback_cutoff(today, value[SettingKey.CALLBACK_WAIT_DAYS]))


def callback_cutoff(today: dt.date, wait: int) -> dt.date:
    """The last closing date whose callback wait (`wait` working days) has passed."""
    calendar = WorkCalendar()
    day = today
    while calendar.add_working_days(day, wait) > today:
        day -= dt.timedelta(days=1)
    return day


def _counts(cases, keys: list, cutoff: dt.date, today: dt.date) -> dict:
    """{group (a tuple of the keys' values): counts}: one grouped query over the cases, from
    what each case keeps of its steps (Case.registered_due, signed_for_on, closed_from_due)
    and of the callback after its latest closing (Case.callback_*): no step or callback is
    read, whatever their number. A case counts once per group (only a member's cases can
    repeat in a join, so only they are counted distinct)."""
    once = {"distinct": True} if "members" in keys else {}
    annotated = cases.annotate(closed_on=TruncDate("closed_at"))
    closed = Q(state=CaseState.CLOSED, closed_at__isnull=False)
    waited = closed & Q(closed_on__lte=cutoff)
    signed_in_time = Q(signed_for_on__isnull=False) & (
        Q(registered_due__isnull=True) | Q(signed_for_on__lte=F("registered_due")))
    waiting = Q(signed_for_on__isnull=True) & (
        Q(registered_due__isnull=True) | Q(registered_due__gte=today))
    called = ~Q(callback_channel="")
    answered = called & ~Q(callback_channel=CallbackChannel.NO_ANSWER)
    counters = {
        "cases": Count("pk", **once),
        "response_n": Count("pk", filter=signed_in_time, **once),
        "response_d": Count("pk", filter=~waiting, **once),
        "solved_n": Count("pk", filter=answered & Q(callback_solved=Solved.SOLVED), **once),
        "solved_d": Count("pk", filter=answered & ~Q(callback_solved=""), **once),
        "satisfied_n": Count("pk", filter=answered & Q(
            callback_satisfaction__in=SATISFIED_LEVELS), **once),
        "satisfied_d": Count("pk", filter=answered & ~Q(callback_satisfaction=""), **once),
        "coverage_n": Count("pk", filter=answered, **once),
        # expected: every closing past the wait, and any other with a callback already
        "coverage_d": Count("pk", filter=waited | called, **once),
        "reopen_n": Count("pk", filter=Q(reopen_count__gt=0), **once),
        "reopen_d": Count("pk", filter=Q(reopen_count__gt=0) | Q(closed_at__isnull=False),
                          **once),
        "on_time_n": Count("pk", filter=closed & Q(closed_on__lte=F("closed_from_due")),
                           **once),
        "on_time_d": Count("pk", filter=closed & Q(closed_from_due__isnull=False), **once),
    }
    return _grouped(annotated, keys, counters)


def _grouped(queryset, keys: list, counters: dict) -> dict:
    if keys == [None]:
        return {(CITY_KEY,): queryset.aggregate(**counters)}
    grouped = queryset.order_by().values(*keys).annotate(**counters)
    return {tuple(row.pop(k) for k in keys): row for row in grouped}


def _days_to_close(cases, keys: list) -> dict:
    """{group: {days: count}}: a histogram of days from raised to closed (one query)."""
    days = ExpressionWrapper(
        TruncDate("closed_at", output_field=DateField()) - F("raised_on"),
        output_field=DurationField())
    closed = cases.filter(state=CaseState.CLOSED, closed_at__isnull=False).annotate(days=days)
    keys = [k for k in keys if k is not None]
    out: dict = defaultdict(dict)
    for row in closed.order_by().values(*keys, "days").annotate(n=Count("pk", distinct=True)):
        group = tuple(row[k] for k in keys) or (CITY_KEY,)
        value = row["days"]
        value = value.days if isinstance(value, dt.timedelta) else int(value or 0)
        out[group][value] = out[group].get(value, 0) + row["n"]
    return out


def median_of(histogram: dict[int, int]) -> float | None:
    total = sum(histogram.values())
    if not total:
        return None
    ordered, seen, middle = sorted(histogram.items()), 0, []
    wanted = {(total - 1) // 2, total // 2}
    for value, count in ordered:
        for index in sorted(wanted):
            if seen <= index < seen + count:
                middle.append(value)
        seen += count
    return sum(middle) / len(middle)


def _names(level: str, keys: set) -> dict:
    from members.models import Member
    from regions.models import District, Town
    from workrooms.models import Workroom

    model = {Level.WORKROOM: Workroom, Level.TOWN: Town, Level.DISTRICT: District,
             Level.DEPARTMENT: Department, Level.MEMBER: Member}.get(level)
    if model is None:
        return {CITY_KEY: str(_("全市"))}
    return dict(model.objects.filter(pk__in=[k for k in keys if k is not None])
                .values_list("pk", "name"))


def _figures(counts: dict, days: dict[int, int], minimum: int,
             units: list[tuple[str, str]]) -> dict[str, dict]:
    """Each figure of one row: numbers only (its words are the table's `definitions`);
    `units`: (code, unit as text) in the order shown, made once for all the rows."""
    out = {}
    for code, unit in units:
        if code == "median_days":  # of the closed cases
            d, n = sum(days.values()), median_of(days)
            value = n
        else:
            n, d = counts[f"{code}_n"], counts[f"{code}_d"]
            value = round(100 * n / d, 1) if d else None
        out[code] = {"code": code, "unit": unit, "numerator": n, "denominator": d,
                     "value": value, "enough": d >= minimum}
    return out
