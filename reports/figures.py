"""Every figure of a district's yearly report (规范 第十四条), counted in SQL.

`figures_by_district` answers for any number of districts in a fixed number of queries
(about a dozen: each section is one grouped query keyed by district, and the members'
quotas come from the quota engine, `scoring.quotas.quota_status`). The result is plain
JSON (numbers, strings, lists of dicts), so it can be stored as a report's snapshot and
hashed to name a generated file.

What each figure counts, for district D and year Y:
- members: the members who did community work in D in Y, by level: counted by the place
  of the work (规范 第十四条: the district sums up the work of all members in its area), the
  town → district of the workroom of a held ledger activity they were present at, whatever
  district they belong to or are linked to (a 全国 or 省 member may have none) and
  whether or not they have left since. visits: their presences at those activities.
  Exempt members (规范 第五条) are shown apart and are not in "owing"; "met" is the quota
  engine's verdict on the member's whole year (seeded: 2 visits, 规范 第五条), counting
  confirmed records wherever they were done. The city's row counts each member once
  (`city_members`), however many districts they served in.
- receptions: the receptions of D's workrooms whose nominal date (规定日期) is in Y:
  planned = all of them (including those later cancelled), held = marked held or with a
  held ledger activity, moved = actual date differs from the nominal one (not cancelled),
  cancelled; notices on time / late (规范 第九条: 3 days ahead), by nominal month.
- activities: held ledger activities at D's workrooms dated in Y, by form (规范 第十条),
  with the public attending; visitors: visitors registered at those activities.
- cases: raised in Y at D's workrooms, by route (规范 第十三条) and by state; refusals
  (规范 第十一条) by the procedure the person was told to use. A duplicate merged into
  another case (相同诉求) is handled and counted with it: it is in no total, route, open or
  closed count, only in its own state's row and in "merged".
- filed: proposals and social-conditions reports that came out of those cases
  (规范 第十三条（四）: duty records with source "case", dated in Y).
- inspections: checks of D's workrooms for year Y (规范 第十五条), by rating, each listed.
- rates: the 三率 and response times (cases.rates) of the cases concerning D's towns
  raised in Y, for D and for each of its towns, with their definitions (口径) and the
  minimum sample; the city's are counted city-wide (`city_rates`), never added up.
- staffing (规范 第七条): what D lacks today: of its 2 conveners, town/street leads, a
  clerk for each active workroom (none, or a disabled account), each gap named.
"""

from __future__ import annotations

import copy
from collections import defaultdict

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractMonth

from cases.choices import ActivityStatus, CaseState, RefusalProcedure, Route
from cases.models import Activity, Case, Visitor
from cases.rates import Level as RateLevel
from cases.rates import Period, rates
from members.choices import Level
from members.models import Member
from receptions.choices import ReceptionStatus
from receptions.models import Reception
from regions.models import ConvenerKind, District, DistrictConvener, Town
from scoring.choices import DutyKind, RecordSource
from scoring.models import ActivityForm, DutyRecord
from scoring.quotas import VISITS_DEFAULT_MINIMUM, VISITS_KIND, QuotaTable, visits_quota
from workrooms.models import Workroom

from .choices import InspectionRating
from .models import WorkroomInspection

FILED_KINDS = (DutyKind.PROPOSAL, DutyKind.SOCIAL_REPORT)
CONVENERS_PER_DISTRICT = len(ConvenerKind.choices)  # 规范 第七条: 2 per district
UNROUTED = "unrouted"


def report_figures(*, district: District, year: int) -> dict:
    """Every figure of one district's report for `year` (see the module docstring)."""
    return figures_by_district(year=year, districts=[district])[district.pk]


def figures_by_district(*, year: int, districts=None) -> dict[int, dict]:
    """{district pk: figures} for the given districts (all if None), in fixed queries."""
    districts = list(District.objects.all() if districts is None else districts)
    ids = [d.pk for d in districts]
    forms = _forms(ids)
    out = {d.pk: _empty(d.name, year, forms) for d in districts}
    if not ids:
        return out
    _members(out, ids, year)
    _receptions(out, ids, year)
    _activities(out, ids, year)
    _cases(out, ids, year)
    _filed(out, ids, year)
    _inspections(out, ids, year)
    _staffing(out, ids)
    _rates(out, ids, year)
    return out


def _rows(choices, **zeros) -> list[dict]:
    return [{"key": value, "label": str(label), **zeros} for value, label in choices]


def _empty_staffing() -> dict:
    return {
        "conveners": {"required": CONVENERS_PER_DISTRICT, "count": 0, "missing": 0,
                      "names": [], "lacking": []},
        "towns": {"total": 0, "without_lead": 0, "items": []},
        "workrooms": {"total": 0, "without_clerk": 0, "items": []},
        "gaps": 0,
    }


def _forms(ids: list[int]) -> list[tuple[str, str]]:
    """The activity forms (a table staff edit, 规范 第十条): the shared ones and those of
    these districts, the same columns for every district of one report."""
    forms = ActivityForm.objects.filter(Q(district__isnull=True) | Q(district_id__in=ids))
    return list(forms.order_by("order", "pk").values_list("code", "name"))


def _empty(name: str, year: int, forms: list[tuple[str, str]]) -> dict:
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
            "forms": _rows(forms, count=0, attendance=0),
            "total": 0, "attendance": 0,
        },
        "visitors": 0,
        "cases": {
            "total": 0, "open": 0, "closed": 0, "refused": 0, "merged": 0,
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
        "staffing": _empty_staffing(),
    }


def _row(rows: list[dict], key) -> dict:
    return next(row for row in rows if row["key"] == key)


# 规范 第十四条: where the work was done, through the workroom of the activity.
PLACE = "community_activities__workroom__town__district_id"


def _members(out: dict, ids: list[int], year: int) -> None:
    """Members who served in each district, by level, and their visits there (see the
    module docstring): one grouped query, with the quota engine's verdicts as SQL."""
    rows, minimum = _served(year, Q(**{f"{PLACE}__in": ids}), PLACE)
    for figures in out.values():
        figures["members"]["minimum"] = minimum
    for row in rows:
        _add_served(out[row[PLACE]]["members"], row)


def city_members(*, year: int) -> dict:
    """The city's members section: every member who served anywhere in Guangzhou in
    `year`, counted once, 全国 and 省 members with no district of their own included
    (规范 第十四条; 规范 第五条). One grouped query (and the quota rules)."""
    section = _empty("", year, [])["members"]
    rows, section["minimum"] = _served(year, Q())
    for row in rows:
        _add_served(section, row)
    return section


def _served(year: int, where: Q, *group: str):
    """(rows by `group` and level, the yearly minimum): members present at held ledger
    activities of `year` matching `where`, with their tallies (`QuotaTable`). The filter is
    one call, so the visits counted are the activities it selects (one join)."""
    table = QuotaTable(year)
    _rule, minimum, binds = visits_quota(table.rules)
    exempt = Q(exempt=True) | Q(sector__exempt_from_community_duty=True)  # 规范 第五条
    owing = ~exempt & binds
    visits = f"t_c_{VISITS_KIND}"
    served = Member.objects.filter(
        where, community_activities__status=ActivityStatus.HELD,
        community_activities__date__year=year,
    )
    rows = (
        table.with_counts(served).order_by().values(*group, "level")
        .annotate(  # n_ names: an annotation named like a field (exempt) would shadow it
            n_total=Count("pk", distinct=True),
            n_exempt=Count("pk", distinct=True, filter=exempt),
            n_owing=Count("pk", distinct=True, filter=owing),
            n_met=Count("pk", distinct=True,
                        filter=owing & Q(**{f"{visits}__gte": table.due(minimum)})),
            n_visits=Count("community_activities"),
        )
    )
    return rows, minimum


def _add_served(section: dict, row: dict) -> None:
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
        _row(section["states"], row["state"])["count"] += n
        if row["state"] == CaseState.MERGED:  # counted once, with its master
            section["merged"] += n
            continue
        section["total"] += n
        _row(section["routes"], row["route"] or UNROUTED)["count"] += n
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


def _staffing(out: dict, ids: list[int]) -> None:
    """规范 第七条: each district's 2 conveners (the CPPCC chair and the United Front head),
    one lead per town/street, one clerk per active workroom; what is missing, named. Today's
    state, whatever the year (a submitted report keeps what it was then). 3 queries; the
    active workrooms are counted by `_inspections`."""
    conveners = defaultdict(dict)
    for district_id, kind, name in (
        DistrictConvener.objects.filter(district_id__in=ids).order_by("kind", "pk")
        .values_list("district_id", "kind", "name")
    ):
        conveners[district_id][kind] = name
    for district_id, figures in out.items():
        section = figures["staffing"]["conveners"]
        have = conveners[district_id]
        section["count"] = len(have)
        section["names"] = [f"{label}：{have[kind]}" for kind, label in ConvenerKind.choices
                            if kind in have]
        section["lacking"] = [str(label) for kind, label in ConvenerKind.choices
                              if kind not in have]
        section["missing"] = len(section["lacking"])
        figures["staffing"]["workrooms"]["total"] = figures["inspections"]["workrooms"]
    towns = Town.objects.filter(district_id__in=ids).order_by("code")
    for district_id, name, lead in towns.values_list("district_id", "name", "lead_name"):
        section = out[district_id]["staffing"]["towns"]
        section["total"] += 1
        if not lead.strip():
            section["without_lead"] += 1
            section["items"].append(name)
    unstaffed = (
        Workroom.objects.filter(active=True, town__district_id__in=ids)
        .filter(Q(clerk=None) | Q(clerk__is_active=False))
        .order_by("town__code", "pk").values_list("town__district_id", "town__name", "name")
    )
    for district_id, town_name, name in unstaffed:
        section = out[district_id]["staffing"]["workrooms"]
        section["without_clerk"] += 1
        section["items"].append({"name": name, "town": town_name})
    for figures in out.values():
        staffing = figures["staffing"]
        staffing["gaps"] = (staffing["conveners"]["missing"] + staffing["towns"]["without_lead"]
                            + staffing["workrooms"]["without_clerk"])


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


def _rates(out: dict, ids: list[int], year: int) -> None:
    """Each district's 三率 and those of its towns: one call of cases.rates by town for
    all the districts at once, the districts' added up from their towns' (a case has one
    town, in one district)."""
    towns = rates(level=RateLevel.TOWN, parent=RateLevel.DISTRICT, period=Period.year(year),
                  within=Q(district_id__in=ids))
    meta = {key: value for key, value in towns.items() if key not in {"rows", "parents"}}
    for pk, figures in out.items():
        figures["rates"] = {
            **meta, "level": RateLevel.DISTRICT, "level_label": "区",
            "total": next((r for r in towns["parents"] if r["key"] == pk), None),
            "towns": {**meta, "rows": [r for r in towns["rows"] if r["parent"] == pk]},
        }


def city_rates(*, year: int) -> dict:
    """The city's own 三率 (counted city-wide: rates cannot be added up from districts')."""
    return rates(level=RateLevel.CITY, period=Period.year(year))


def figures_total(all_figures, *, name: str = "全市", members: dict | None = None) -> dict:
    """The city's totals: the districts' figures added up (lists merge by "key"; the
    lists of inspections and of staffing gaps are left out). `members`: the city's own
    members section (`city_members`), in which a member who served in two districts counts
    once; without it the districts' are added up."""
    total = None
    for figures in all_figures:
        total = _add(total, figures)
    total = total or _empty(name, 0, _forms([]))
    total["district"] = name
    total.pop("rates", None)  # rates do not add up: city_data counts the city's own
    total["inspections"]["items"] = []
    staffing = total.setdefault("staffing", _empty_staffing())
    staffing["conveners"]["names"] = staffing["conveners"]["lacking"] = []
    staffing["towns"]["items"] = staffing["workrooms"]["items"] = []
    if members is not None:
        total["members"] = members
    return total


KEEP = {"key", "year", "minimum"}  # not added up across districts


def _add(a, b):
    """a + b for figures: numbers add, dicts add per key, keyed rows add per key."""
    if a is None:
        return copy.deepcopy(b)
    if isinstance(a, dict) and isinstance(b, dict):
        # Keys of both: a report frozen before a section existed lacks it.
        return {key: a.get(key, b.get(key)) if key in KEEP else _add(a.get(key), b.get(key))
                for key in {**a, **b}}
    if isinstance(a, list) and isinstance(b, list) and _keyed(a) and _keyed(b):
        by_key = {row["key"]: row for row in b}
        return [_add(row, by_key[row["key"]]) if row["key"] in by_key else row for row in a]
    if type(a) is int and type(b) is int:
        return a + b
    return a


def _keyed(rows: list) -> bool:
    return all(isinstance(row, dict) and "key" in row for row in rows)
