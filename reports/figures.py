"""Every figure of a district's yearly report (规范 第十四条), counted in SQL.

`figures_by_district` answers for any number of districts in a fixed number of queries
(about a dozen: each section is one grouped query keyed by district, and the members'
quotas come from the quota engine, `scoring.quotas.quota_status`). The result is plain
JSON (numbers, strings, lists of dicts), so it can be stored as a report's snapshot and
hashed to name a generated file.

What each figure counts, for district D and year Y:
- members: active members whose district is D (区政协委员 their own district; 全国、省、市
  委员 the district they are linked to), by level. Exempt members (规范 第五条) are shown
  apart and are not in "owing"; "met" is the quota engine's verdict on the yearly
  community-activity quota (seeded: 2 visits, 规范 第五条), counting confirmed records.
- receptions: the receptions of D's workrooms whose nominal date (规定日期) is in Y:
  planned = all of them (including those later cancelled), held = marked held or with a
  held ledger activity, moved = actual date differs from the nominal one (not cancelled),
  cancelled; notices on time / late (规范 第九条: 3 days ahead), by nominal month.
- activities: held ledger activities at D's workrooms dated in Y, by form (规范 第十条),
  with the public attending; visitors: visitors registered at those activities.
- cases: raised in Y at D's workrooms, by route (规范 第十三条) and by state; refusals
  (规范 第十一条) by the procedure the person was told to use.
- filed: proposals and social-conditions reports that came out of those cases
  (规范 第十三条（四）: duty records with source "case", dated in Y).
- inspections: checks of D's workrooms for year Y (规范 第十五条), by rating, each listed.
"""

from __future__ import annotations

import copy
from collections import defaultdict

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractMonth

from cases.choices import ActivityStatus, CaseState, RefusalProcedure, Route
from cases.models import Activity, Case, Visitor
from members.choices import Level
from members.models import Member
from receptions.choices import ReceptionStatus
from receptions.models import Reception
from regions.models import District
from scoring.choices import ActivityForm, DutyKind, RecordSource
from scoring.models import DutyRecord
from scoring.quotas import VISITS_DEFAULT_MINIMUM, VISITS_KIND, QuotaTable, visits_quota
from workrooms.models import Workroom

from .choices import InspectionRating
from .models import WorkroomInspection

FILED_KINDS = (DutyKind.PROPOSAL, DutyKind.SOCIAL_REPORT)
UNROUTED = "unrouted"


def report_figures(*, district: District, year: int) -> dict:
    """Every figure of one district's report for `year` (see the module docstring)."""
    return figures_by_district(year=year, districts=[district])[district.pk]


def figures_by_district(*, year: int, districts=None) -> dict[int, dict]:
    """{district pk: figures} for the given districts (all if None), in fixed queries."""
    districts = list(District.objects.all() if districts is None else districts)
    ids = [d.pk for d in districts]
    out = {d.pk: _empty(d.name, year) for d in districts}
    if not ids:
        return out
    _members(out, ids, year)
    _receptions(out, ids, year)
    _activities(out, ids, year)
    _cases(out, ids, year)
    _filed(out, ids, year)
    _inspections(out, ids, year)
    return out


def _rows(choices, **zeros) -> list[dict]:
    return [{"key": value, "label": str(label), **zeros} for value, label in choices]


def _empty(name: str, year: int) -> dict:
    return {
        "district": name,
        "year": year,
        "members": {
            "levels": _rows(Level.choices, total=0, exempt=0, owing=0, met=0, visits=0),
            "total": 0, "exempt": 0, "owing": 0, "met": 0, "visits": 0,
            "minimum": VISITS_DEFAULT_MINIMUM,
        },
        "receptions": {
            "planned": 0, "held": 0, "moved": 0, "cancelled": 0,
            "notices_on_time": 0, "notices_late": 0,
            "months": [
                {"key": m, "label": f"{m}月", "planned": 0, "held": 0} for m in range(1, 13)
            ],
        },
        "activities": {
            "forms": _rows(ActivityForm.choices, count=0, attendance=0),
            "total": 0, "attendance": 0,
        },
        "visitors": 0,
        "cases": {
            "total": 0, "open": 0, "closed": 0, "refused": 0,
            "routes": _rows(Route.choices, count=0) + [
                {"key": UNROUTED, "label": "尚未分办", "count": 0}
            ],
            "states": _rows(CaseState.choices, count=0),
            "refusals": _rows(RefusalProcedure.choices, count=0),
        },
        "filed": {"proposal": 0, "social_report": 0, "total": 0},
        "inspections": {
            "total": 0, "workrooms": 0, "workrooms_inspected": 0, "follow_up_done": 0,
            "ratings": _rows(InspectionRating.choices, count=0),
            "items": [],
        },
    }


def _row(rows: list[dict], key) -> dict:
    return next(row for row in rows if row["key"] == key)


def _members(out: dict, ids: list[int], year: int) -> None:
    """Members by level and their yearly visits: one grouped query over the members and
    their tallies, with the quota engine's verdicts as SQL (`scoring.quotas.QuotaTable`)."""
    table = QuotaTable(year)
    _rule, minimum, binds = visits_quota(table.rules)
    for figures in out.values():
        figures["members"]["minimum"] = minimum
    exempt = Q(exempt=True) | Q(sector__exempt_from_community_duty=True)  # 规范 第五条
    owing = ~exempt & binds
    visits = f"t_c_{VISITS_KIND}"
    rows = (
        # 规范 第五条: a member who served part of the year, against the prorated quota.
        table.with_counts(Member.objects.serving_in(year).filter(district_id__in=ids))
        .order_by().values("district_id", "level")
        .annotate(  # n_ names: an annotation named like a field (exempt) would shadow it
            n_total=Count("pk"), n_exempt=Count("pk", filter=exempt),
            n_owing=Count("pk", filter=owing),
            n_met=Count("pk", filter=owing & Q(**{f"{visits}__gte": table.due(minimum)})),
            n_visits=Sum(visits),
        )
    )
    for row in rows:
        section = out[row["district_id"]]["members"]
        level = _row(section["levels"], row["level"])
        for bucket in (level, section):
            for key in ("total", "exempt", "owing", "met", "visits"):
                bucket[key] += row[f"n_{key}"] or 0


def _receptions(out: dict, ids: list[int], year: int) -> None:
    """Receptions by nominal month (1 query)."""
    cancelled = Q(status=ReceptionStatus.CANCELLED)
    held = (Q(status=ReceptionStatus.HELD) | Q(activities__status=ActivityStatus.HELD)) & ~cancelled
    noticed = Q(notice_published_at__isnull=False)
    rows = (
        Reception.objects.filter(workroom__town__district_id__in=ids, nominal_date__year=year)
        .order_by()
        .annotate(month=ExtractMonth("nominal_date"))
        .values("workroom__town__district_id", "month")
        .annotate(
            planned=Count("pk", distinct=True),
            held=Count("pk", distinct=True, filter=held),
            moved=Count("pk", distinct=True, filter=~Q(date=F("nominal_date")) & ~cancelled),
            cancelled=Count("pk", distinct=True, filter=cancelled),
            notices_on_time=Count("pk", distinct=True, filter=noticed & Q(noticed_late=False)),
            notices_late=Count("pk", distinct=True, filter=noticed & Q(noticed_late=True)),
        )
    )
    for row in rows:
        section = out[row["workroom__town__district_id"]]["receptions"]
        for name in ("planned", "held", "moved", "cancelled", "notices_on_time", "notices_late"):
            section[name] += row[name]
        month = _row(section["months"], row["month"])
        month["planned"] += row["planned"]
        month["held"] += row["held"]


def _activities(out: dict, ids: list[int], year: int) -> None:
    """Held ledger activities by form (规范 第十条) and the visitors registered at them,
    1 query: each activity's visitors are counted from their index, not their rows."""
    visitors = (
        Visitor.objects.filter(activity=OuterRef("pk")).order_by()
        .values("activity").annotate(n=Count("*")).values("n")
    )
    rows = (
        Activity.objects.held()
        .filter(workroom__town__district_id__in=ids, date__year=year)
        .order_by()
        .values("workroom__town__district_id", "form")
        .annotate(count=Count("pk"), attendance=Sum("attendance"),
                  visitors=Sum(Subquery(visitors)))
    )
    for row in rows:
        figures = out[row["workroom__town__district_id"]]
        section = figures["activities"]
        form = _row(section["forms"], row["form"])
        for bucket in (form, section):
            bucket["attendance"] += row["attendance"] or 0
        form["count"] += row["count"]
        section["total"] += row["count"]
        figures["visitors"] += row["visitors"] or 0


def _cases(out: dict, ids: list[int], year: int) -> None:
    """Cases by route, state and refusal procedure (规范 第十一条, 规范 第十三条), 1 query
    over an index (`cases_case_figures_of_year`). A case's `raised_district` is the
    district of the workroom where it was raised, kept on the case."""
    rows = (
        Case.objects.not_voided()
        .filter(raised_district_id__in=ids, raised_on__year=year)
        .order_by()
        .values("raised_district_id", "route", "state", "referred_procedure")
        .annotate(n=Count("*"))
    )
    for row in rows:
        section, n = out[row["raised_district_id"]]["cases"], row["n"]
        section["total"] += n
        _row(section["routes"], row["route"] or UNROUTED)["count"] += n
        _row(section["states"], row["state"])["count"] += n
        if row["state"] == CaseState.REFUSED:
            section["refused"] += n
            if row["referred_procedure"]:
                _row(section["refusals"], row["referred_procedure"])["count"] += n
        elif row["state"] == CaseState.CLOSED:
            section["closed"] += n
        else:
            section["open"] += n


def _filed(out: dict, ids: list[int], year: int) -> None:
    """Proposals and social-conditions reports filed from cases (规范 第十三条（四）), 1 query
    over two indexes (`scoring_dutyrecord_from_cases`, `cases_case_filed_district`)."""
    district = "cases__raised_district_id"
    rows = (
        DutyRecord.objects.not_voided().filter(
            source=RecordSource.CASE, kind__in=FILED_KINDS, date__year=year,
            **{f"{district}__in": ids},
        )
        .order_by()
        .values(district, "kind")
        .annotate(n=Count("pk", distinct=True))
    )
    for row in rows:
        section = out[row[district]]["filed"]
        section[row["kind"]] += row["n"]
        section["total"] += row["n"]


def _inspections(out: dict, ids: list[int], year: int) -> None:
    """Workroom inspections of the year (规范 第十五条), 2 queries."""
    workrooms = (
        Workroom.objects.filter(active=True, town__district_id__in=ids)
        .order_by().values("town__district_id").annotate(n=Count("pk"))
    )
    for row in workrooms:
        out[row["town__district_id"]]["inspections"]["workrooms"] = row["n"]
    inspected = defaultdict(set)
    rows = (
        WorkroomInspection.objects.filter(year=year, workroom__town__district_id__in=ids)
        .select_related("workroom__town").order_by("date", "pk")
    )
    for inspection in rows:
        district_id = inspection.workroom.town.district_id
        section = out[district_id]["inspections"]
        section["total"] += 1
        section["follow_up_done"] += int(inspection.follow_up_done)
        _row(section["ratings"], inspection.rating)["count"] += 1
        inspected[district_id].add(inspection.workroom_id)
        section["items"].append(_inspection_item(inspection))
    for district_id, rooms in inspected.items():
        out[district_id]["inspections"]["workrooms_inspected"] = len(rooms)


def _inspection_item(inspection: WorkroomInspection) -> dict:
    return {
        "workroom": inspection.workroom.name,
        "town": inspection.workroom.town.name,
        "date": inspection.date.isoformat(),
        "body": inspection.get_body_display(),
        "inspectors": inspection.inspectors,
        "rating": inspection.get_rating_display(),
        "findings": inspection.findings,
        "follow_up": inspection.follow_up,
        "follow_up_done": inspection.follow_up_done,
    }


def figures_total(all_figures, *, name: str = "全市") -> dict:
    """The city's totals: the districts' figures added up (lists merge by "key";
    inspection items are left out)."""
    total = None
    for figures in all_figures:
        total = _add(total, figures)
    total = total or _empty(name, 0)
    total["district"] = name
    total["inspections"]["items"] = []
    return total


KEEP = {"key", "year", "minimum"}  # not added up across districts


def _add(a, b):
    """a + b for figures: numbers add, dicts add per key, keyed rows add per key."""
    if a is None:
        return copy.deepcopy(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return {key: a.get(key, value) if key in KEEP else _add(a.get(key), value)
                for key, value in b.items()}
    if isinstance(a, list) and isinstance(b, list) and _keyed(a) and _keyed(b):
        by_key = {row["key"]: row for row in b}
        return [_add(row, by_key[row["key"]]) if row["key"] in by_key else row for row in a]
    if type(a) is int and type(b) is int:
        return a + b
    return a


def _keyed(rows: list) -> bool:
    return all(isinstance(row, dict) and "key" in row for row in rows)
