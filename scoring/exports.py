"""The export for 数字政协 (the provincial platform): members' duty records and each member's
figures of a year, as CSV (UTF-8 with a BOM, for Excel too) and JSON, in a documented and
versioned format (docs/szzx-export.md), so that nothing is typed twice.

Each dataset is a list of fields with a type and a description; the CSV's header row is the
fields' codes and the JSON's items have the same keys. A field's meaning never changes
within a version: a new field or a new code in a code list is a minor version (1.1), anything
else a new major version and a new address (/duty/export/v2/…). Rows are written as they are
read (a streaming response), so the city's whole year takes no more memory than a page.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone, translation

from documents.xlsx import safe_cell
from members.models import Member

from .choices import DutyKind, EvaluationCategory
from .models import DutyRecord
from .quotas import KINDS, quota_status, rules_for

VERSION = "1.0"
LANGUAGE = "zh-hans"  # the code lists' names are Chinese, whatever the viewer's language
CHUNK = 2000


@dataclass(frozen=True)
class Field:
    code: str
    type: str  # integer, string, code, date, datetime, boolean, decimal
    name: str  # Chinese, for the documentation


MEMBER_FIELDS = [
    Field("member_id", "integer", "委员编号（本平台内唯一、不变）"),
    Field("member_name", "string", "委员姓名"),
    Field("member_level", "code", "委员层级（代码表 Level）"),
    Field("district_code", "string", "所属区的区划代码（6位）"),
    Field("district_name", "string", "所属区"),
    Field("sector_name", "string", "界别"),
    Field("committee_name", "string", "专门委员会（可为空）"),
]
RECORD_FIELDS = [
    Field("record_id", "integer", "履职记录编号（联名记录每位委员各一行，编号相同）"),
    *MEMBER_FIELDS,
    Field("kind", "code", "履职类别（代码表 DutyKind）"),
    Field("kind_name", "string", "履职类别名称"),
    Field("activity_form", "code", "活动形式代码（可为空）"),
    Field("activity_form_name", "string", "活动形式名称（可为空）"),
    Field("title", "string", "标题（不超过200字）"),
    Field("date", "date", "履职日期（YYYY-MM-DD）"),
    Field("source", "code", "来源（代码表 RecordSource）"),
    Field("confirmed", "boolean", "是否已由工作人员确认（只有已确认的记录计入指标和积分）"),
    Field("confirmed_at", "datetime", "确认时间（北京时间，ISO 8601；未确认为空）"),
    Field("points", "decimal", "该委员由此记录获得的积分（未确认或不计分为空）"),
    Field("entered_at", "datetime", "录入时间（北京时间，ISO 8601）"),
]
FIGURE_FIELDS = [
    *MEMBER_FIELDS,
    Field("year", "integer", "年度"),
    Field("is_standing", "boolean", "是否常委"),
    Field("exempt", "boolean", "是否免除进社区履职（规范 第五条）"),
    Field("months_served", "integer", "本年度在任月数（0—12）"),
    *[Field(f"count_{kind}", "integer", f"已确认的“{label}”记录数")
      for kind, label in DutyKind.choices],
    Field("pending_total", "integer", "已录入、待确认的记录数"),
    Field("quotas_applicable", "integer", "适用的年度指标数"),
    Field("quotas_met", "integer", "已完成的年度指标数"),
    Field("behind", "boolean", "是否有未完成的年度指标"),
    Field("lacking", "string", "未完成的指标及差额（中文，以“；”分隔）"),
    *[Field(f"points_{value}", "decimal", f"“{label}”类积分")
      for value, label in EvaluationCategory.choices],
    Field("points_total", "decimal", "积分合计"),
]
DATASETS = {
    "records": ("履职记录", RECORD_FIELDS),
    "figures": ("年度履职情况", FIGURE_FIELDS),
}


def schema_name(dataset: str) -> str:
    return f"gzzx-szzx-duty-{dataset}"


def _member(member) -> dict:
    district = member.district
    return {
        "member_id": member.pk, "member_name": member.name, "member_level": member.level,
        "district_code": district.code if district else "",
        "district_name": district.name if district else "",
        "sector_name": member.sector.name,
        "committee_name": member.committee.name if member.committee else "",
    }


def record_rows(members, year: int) -> tuple[int, Iterator[dict]]:
    """(how many rows, the rows): one per member of `members` and record of `year` that was
    not voided, in the order of date, record and member."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    links = (
        DutyRecord.members.through.objects
        .filter(member__in=members, dutyrecord__voided_at=None,
                dutyrecord__date__gte=start, dutyrecord__date__lt=end)
        .select_related("dutyrecord__activity_form", "member__district", "member__sector",
                        "member__committee")
        .order_by("dutyrecord__date", "dutyrecord_id", "member_id")
    )
    _rules_year, _rules, scoring = rules_for(year)

    def rows():
        for link in links.iterator(chunk_size=CHUNK):
            record, member = link.dutyrecord, link.member
            rule = scoring.rule_for(record.kind, member.level) if record.confirmed else None
            form = record.activity_form
            yield {
                "record_id": record.pk, **_member(member),
                "kind": record.kind, "kind_name": str(record.get_kind_display()),
                "activity_form": form.code if form else "",
                "activity_form_name": form.name if form else "",
                "title": record.title, "date": record.date,
                "source": record.source, "confirmed": record.confirmed,
                "confirmed_at": record.confirmed_at,
                "points": rule.points if rule is not None else None,
                "entered_at": record.created_at,
            }

    return links.count(), rows()


def figure_rows(members, year: int) -> tuple[int, Iterator[dict]]:
    """(how many rows, the rows): each member of `members` who served in `year`, with the
    counts, quotas and points of 我的履职 and 履职统计 (scoring.quotas)."""
    chosen = members.serving_in(year).order_by("pk")
    status = quota_status(members=chosen, year=year, many=True)
    rules = status.rules

    def rows():
        for row in status.rows:
            member = row.member
            applicable = row.applicable
            yield {
                **_member(member), "year": year, "is_standing": member.is_standing,
                "exempt": member.is_exempt, "months_served": row.months,
                **{f"count_{kind}": row.counts.get(kind, 0) for kind in KINDS},
                "pending_total": sum(row.pending.values()),
                "quotas_applicable": len(applicable),
                "quotas_met": sum(1 for q in applicable if q.met),
                "behind": row.behind,
                "lacking": "；".join(
                    f"{q.rule.label}差{q.missing}{q.rule.unit}" for q in row.lacking),
                **{f"points_{value}": row.points.get(value, Decimal(0))
                   for value in EvaluationCategory.values},
                "points_total": row.total_points,
                "quotas": [
                    {"rule_id": rule.pk, "label": rule.label, "measure": rule.measure,
                     "kind": rule.kind, "minimum": q.minimum, "done": q.count, "met": q.met}
                    for rule in rules if (q := row.quotas.get(rule.pk)) is not None
                ],
            }

    return len(status.rows), rows()


def rows_for(dataset: str, members, year: int) -> tuple[int, Iterator[dict]]:
    return (record_rows if dataset == "records" else figure_rows)(members, year)


def _text(value) -> str:
    """A value as the CSV writes it (docs/szzx-export.md, types)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date | Decimal | int):
        return str(value)
    return safe_cell(str(value))  # a title read by Excel as a formula is neutralised


def _json_value(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class _Line:
    """csv.writer's file: hands back the line it was given."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(dataset: str, rows: Iterable[dict]) -> Iterator[str]:
    fields = [field.code for field in DATASETS[dataset][1]]
    writer = csv.writer(_Line(), lineterminator="\r\n")
    with translation.override(LANGUAGE):
        yield "\ufeff" + writer.writerow(fields)
        for row in rows:
            yield writer.writerow([_text(row.get(code)) for code in fields])


def json_chunks(dataset: str, rows: Iterable[dict], *, year: int, count: int,
                scope: dict) -> Iterator[str]:
    head = {
        "schema": schema_name(dataset), "version": VERSION,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "year": year, "scope": scope, "count": count,
    }
    with translation.override(LANGUAGE):
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
        for i, row in enumerate(rows):
            item = {key: _json_value(value) for key, value in row.items()}
            yield ("," if i else "") + json.dumps(item, ensure_ascii=False)
        yield "]}"


def members_in_scope(user):
    """Whose records a viewer exports: staff those of their scope (for_user), a member only
    themself; None for anyone else."""
    if user.has_perm("scoring.view_dutyrecord"):
        return Member.objects.for_user(user)
    own = Member.objects.filter(user=user, user__is_active=True)
    return own if own.exists() else None
