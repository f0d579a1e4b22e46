"""What the scoring pages show: the member page's context, the staff table's filters,
sorting and export rows. Kept apart from views.py so the views stay short."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from core.display import label
from core.links import url_for
from members.models import Member
from privacy.masking import mask_phone

from .models import DutyRecord
from .quotas import quota_status
from .validators import FIRST_YEAR


def years() -> list[int]:
    return list(range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1))


def year_from(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    this_year = timezone.localdate().year
    return year if FIRST_YEAR <= year <= this_year + 1 else this_year


# What apps above scoring show on a member's page, by the template's name for it: their
# next reception days and calendar feed (receptions), the cases they took on (cases). Each
# app adds its own in its AppConfig.ready, so scoring imports neither; the page leaves out
# the part of an app that is not installed.
MEMBER_PAGE_PARTS: dict[str, Callable[[Member], object]] = {}


@dataclass
class CategoryGroup:
    label: str
    points: Decimal = Decimal(0)
    records: list = field(default_factory=list)  # (record, points each)


def member_context(members, year: int, *, viewer, coauthors: bool = False) -> dict:
    """Everything one member's page shows. `members` selects that member (already scoped to
    the viewer); none selected is a 404."""
    status = quota_status(members=members, year=year)
    if len(status.rows) != 1:
        raise Http404
    row = status.rows[0]
    member = row.member
    records = (DutyRecord.objects.not_voided().filter(members=member).in_year(year)
               .select_related("activity_form").order_by("date", "pk"))
    records = list(records.prefetch_related("members") if coauthors else records)
    groups, unscored, pending = _grouped(records, status.scoring, member.level)
    own = member.user_id == viewer.pk
    return {
        "member": row.member, "row": row, "year": year, "years": years(),
        "rules_year": status.rules_year, "proration": status.proration,
        "groups": groups, "unscored": unscored,
        "pending": pending, "records": records,
        "constituents": _constituents(member, own),
        "convened": list(member.convened_sectors.all()),
        **{name: part(member) for name, part in MEMBER_PAGE_PARTS.items()},
    }


def _grouped(records, scoring, level):
    """Confirmed records by evaluation category with their points; the rest apart."""
    groups: dict[str, CategoryGroup] = {}
    unscored, pending = [], []
    labels = dict(scoring.categories())
    for record in records:
        if not record.confirmed:
            pending.append(record)
            continue
        rule = scoring.rule_for(record.kind, level)
        if rule is None:
            unscored.append(record)
            continue
        group = groups.setdefault(rule.category, CategoryGroup(labels.get(rule.category, "")))
        group.points += rule.points
        group.records.append((record, rule))
    return list(groups.values()), unscored, pending


def _constituents(member, own: bool) -> list:
    people = list(member.constituents.all())
    if not own:  # only the member keeps their constituents' numbers in full
        for person in people:
            person.phone = mask_phone(person.phone)
    return people


# --- the staff table -------------------------------------------------------------------

FILTERS = ("sector", "district", "committee", "level")


def filtered_members(request):
    """The viewer's members (for_user), narrowed by the table's filters."""
    # 规范 第五条: a member who served part of the year is in that year's table.
    members = Member.objects.for_user(request.user).serving_in(year_from(request))
    filters = {}
    for name in FILTERS:
        value = request.GET.get(name, "")
        if not value:
            continue
        if name == "level":
            members = members.filter(level=value)
        elif value.isdigit():
            members = members.filter(**{f"{name}_id": int(value)})
        else:
            continue
        filters[name] = value
    query = request.GET.get("q", "").strip()
    if query:
        members = members.filter(name__contains=query)
        filters["q"] = query
    if request.GET.get("behind"):
        filters["behind"] = "1"
    return members, filters


def table_columns(status, request) -> list[dict]:
    """Headers with their sort links (clicking again reverses the order)."""
    columns = [("name", _("委员")), ("level", _("层级")), ("district", _("所属区"))]
    columns += [(f"q{rule.pk}", f"{rule.label}（≥{rule.minimum}）") for rule in status.rules]
    columns += [(f"c_{value}", title) for value, title in status.categories]
    columns += [("total", _("积分合计")), ("behind", _("状态"))]
    current, direction = request.GET.get("sort", "name"), request.GET.get("dir", "asc")
    out = []
    for key, title in columns:
        flip = "desc" if key == current and direction != "desc" else "asc"
        qs = querystring(request, drop=("page", "sort", "dir", "export"), sort=key, dir=flip)
        out.append({"key": key, "label": title, "url": f"?{qs}", "active": key == current,
                    "dir": direction if key == current else ""})
    return out


def querystring(request, drop=(), **extra) -> str:
    params = {k: v for k, v in request.GET.items() if k not in drop}
    params.update(extra)
    return urlencode(params)


def export_rows(status, rows) -> tuple[list[str], list[list]]:
    headers = [_("委员"), _("层级"), _("所属区"), _("界别"), _("专门委员会"), _("常委"),
               _("在任月数")]  # 规范 第五条: below 12, each minimum is prorated
    headers += [f"{rule.label}（≥{rule.minimum}）" for rule in status.rules]
    headers += [title for _value, title in status.categories]
    headers += [_("积分合计"), _("是否未完成"), _("未完成指标")]
    body = []
    for row in rows:
        member = row.member
        line = [
            member.name, label(member, "level"),
            member.district.name if member.district else "", member.sector.name,
            member.committee.name if member.committee else "",
            _("是") if member.is_standing else _("否"), row.months,
        ]
        line += [
            row.quotas[rule.pk].count if row.quotas[rule.pk] is not None else _("不适用")
            for rule in status.rules
        ]
        line += [float(row.points.get(value, 0)) for value, _label in status.categories]
        line += [float(row.total_points), _("是") if row.behind else _("否"), _lacking_text(row)]
        body.append(line)
    return headers, body


def _lacking_text(row) -> str:
    return "；".join(f"{q.rule.label}差{q.missing}{q.rule.unit}" for q in row.lacking)


def chosen_sector(request, rows):
    """The sector whose activities are listed: the one asked for, or the only one."""
    wanted = request.GET.get("sector", "")
    for row in rows:
        if str(row.sector.pk) == wanted:
            return row.sector
    return rows[0].sector if len(rows) == 1 else None



def with_cells(rows, status) -> list:
    """Give each row its link, its level and its cells in column order (templates cannot
    index by a variable), the cells as HTML made here: a template's tags and filters for
    each of the page's six hundred cells were most of its cost."""
    url = url_for("scoring:member")
    for row in rows:
        row.url = f"{url(row.member.pk)}?year={status.year}"
        row.level = label(row.member, "level")
        row.cells = format_html_join("", '<td><span class="{}">{}</span></td>', (
            _quota_cell(row.quotas[rule.pk]) for rule in status.rules
        ))
        row.point_cells = format_html_join("", "<td>{}</td>", (
            (row.points.get(value, Decimal(0)),) for value, _l in status.categories
        ))
        row.total_text = str(row.total_points)
    return rows


def _quota_cell(quota) -> tuple[str, str]:
    """(class, "count/minimum"), or a dash where the quota does not bind the member."""
    if quota is None:
        return "muted", "—"
    return ("badge ok" if quota.met else "badge behind"), f"{quota.count}/{quota.minimum}"
