"""The heavier operations the runner times, each run in its own process so its
peak memory is its own. Whatever an operation writes is rolled back, so the database
stays as generated and a second run measures the same thing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Op:
    key: str
    title: str
    prepare: Callable  # () -> context, untimed; None: not yet available
    run: Callable  # (context) -> a short description of what was done
    repeat: int = 3
    target_s: float | None = None
    target_each_s: float | None = None  # a bound per item done (run returns the items)
    target_scale: int | None = 1  # the scale the target applies to (None: every scale)


class Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


# --- receptions ----------------------------------------------------------------------------


def _plan_prepare():
    return timezone.localdate().year + 1


def _plan_run(year):
    from receptions.services import reception_plan_year

    with rolled_back():
        result = reception_plan_year(year=year, today=dt.date(year - 1, 12, 1))
        created = sum(1 for row in result.rows if row.action == "created")
    return f"{created} receptions planned for {year}"


def _notice_prepare():
    return timezone.localdate().year + 1


def _notice_run(year):
    """规范 第九条: every workroom receives on the 15th of odd months, so three days before,
    one run of the notice job publishes a notice for nearly every workroom at once. The
    next year is planned first (untimed, rolled back with the rest), then the job runs on
    the day most notices fall due. Returns (description, seconds of the job alone,
    notices)."""
    from django.db.models import Count

    from receptions.models import Reception
    from receptions.services import notice_publish_due, reception_plan_year

    with rolled_back():
        reception_plan_year(year=year, today=dt.date(year - 1, 12, 1))
        busiest = (Reception.objects.filter(date__year=year, status="planned")
                   .values("date").annotate(n=Count("pk")).order_by("-n", "date").first())
        day = busiest["date"] - dt.timedelta(days=3)
        _members_on_duty(Reception.objects.due_for_notice(day))
        started = time.perf_counter()
        notices = notice_publish_due(today=day)
        seconds = time.perf_counter() - started
    each = seconds / len(notices) if notices else 0
    return (f"{len(notices)} notices (PDF, inbox, e-mail, SMS) on {day}, "
            f"{each:.2f} s each"), seconds, len(notices)


def _members_on_duty(receptions) -> None:
    """Staff assign members before the notice (规范 第九条: a notice names them; one without
    is withheld, not published): up to two of each workroom's members, untimed."""
    from collections import defaultdict

    from receptions.models import Reception
    from workrooms.models import Workroom

    due = list(receptions.values_list("pk", "workroom_id"))
    serving = defaultdict(list)
    rows = Workroom.members.through.objects.filter(workroom_id__in={w for _, w in due})
    for workroom_id, member_id in rows.order_by("pk").values_list("workroom_id", "member_id"):
        if len(serving[workroom_id]) < 2:
            serving[workroom_id].append(member_id)
    duty = Reception.members.through
    duty.objects.bulk_create(
        [duty(reception_id=pk, member_id=m) for pk, w in due for m in serving[w]]
    )


# --- scoring -----------------------------------------------------------------------------


def _quota_run(year):
    from members.models import Member
    from scoring.quotas import quota_status

    status = quota_status(members=Member.objects.all(), year=year, many=True)
    behind = sum(1 for row in status.rows if row.behind)
    return f"{len(status.rows)} members, {behind} behind"


# --- roster import -----------------------------------------------------------------------

ROSTER_ROWS = 5_000


def _import_prepare():
    """A 5,000-row member roster of the busiest district, as its staff would upload it:
    4,000 new members and 1,000 already on the roster with a changed post."""
    from . import personas

    who = personas.choose()
    return who.district_staff, roster_xlsx(district=who.district, rows=ROSTER_ROWS)


def roster_xlsx(*, district, rows: int) -> bytes:
    """The roster as Excel saves it: no empty cells, text in the shared-strings table
    (`shared_strings`; openpyxl writes every text inline, which no staff member's file has
    and which openpyxl reads about twice as slowly)."""
    from openpyxl import Workbook

    from members.models import Member
    from members.resources import MemberResource

    from . import names

    book = Workbook(write_only=True)
    sheet = book.create_sheet("委员名册")
    columns = MemberResource.column_names()
    sheet.append(columns)
    existing = list(Member.objects.filter(district=district, level="district")
                    .order_by("pk").values_list("name", "phone")[: rows // 5])
    for n in range(rows):
        new = (f"导入{n:05d}", names.phone(5 * 10**8 + n))
        name, phone = existing[n] if n < len(existing) else new
        cells = {
            "姓名": name, "委员层级": "区政协委员", "所属区": district.name, "界别": "经济界",
            "常委": "否", "届次": 14, "工作单位": "广州某单位",
            "职务": "副主任" if n % 2 else "主任", "手机号码": phone, "状态": "在任",
            "任职日期": "" if n < len(existing) else "2022-01-12", "个人免于进社区履职": "否",
        }
        sheet.append([cells.get(column) or None for column in columns])  # Excel keeps no empty cell
    out = io.BytesIO()
    book.save(out)
    return shared_strings(out.getvalue())


INLINE = re.compile(rb'<c ([^>]*?) ?t="inlineStr"([^>]*)><is><t([^>]*)>(.*?)</t></is></c>')
SST_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def shared_strings(xlsx: bytes) -> bytes:
    """openpyxl writes every text cell inline; Excel keeps each different text once, in the
    shared-strings table, and the cells point to it. Rewrites the first sheet so."""
    strings: dict[bytes, int] = {}

    def shared(match) -> bytes:
        key = (match.group(3), match.group(4))
        number = strings.setdefault(key, len(strings))
        return b'<c %s t="s"%s><v>%d</v></c>' % (match.group(1), match.group(2), number)

    source, out = zipfile.ZipFile(io.BytesIO(xlsx)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = INLINE.sub(shared, data)
            elif entry.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                    b'ContentType="' + SST_TYPE + b'"/></Types>')
            elif entry.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSharedStrings" '
                                    b'Type="' + SST_REL + b'" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            archive.writestr(entry.filename, data)
        items = b"".join(b"<si><t%s>%s</t></si>" % key for key in strings)
        archive.writestr("xl/sharedStrings.xml", b'<?xml version="1.0" encoding="UTF-8"?>'
                         b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                         b' uniqueCount="%d">%s</sst>' % (len(strings), items))
    return out.getvalue()


def _import_run(context):
    from members.resources import MemberResource
    from members.services import roster_import

    user, data = context
    with rolled_back():
        report = roster_import(resource_class=MemberResource, file=io.BytesIO(data),
                               file_name="roster.xlsx", by=user)
    if not report.ok:
        raise RuntimeError("; ".join(report.lines()[:5]))
    return f"{report.total} rows: {report.created} new, {report.updated} updated"


# --- reports (being built by another engineer; measured when they land) --------------------


def _report(kind: str, fmt: str) -> tuple[Callable, Callable]:
    from . import reports_adapter

    def prepare():
        return reports_adapter.prepare(kind, fmt)

    def run(context):
        return reports_adapter.run(kind, fmt, context)

    return prepare, run


OPS = [
    Op("plan_year", "plan a year of receptions for every workroom", _plan_prepare, _plan_run,
       target_s=10),
    # 规范 第九条: the 07:00 run must have every notice out (the clerk prints and posts it)
    # before the office day starts at 08:30, on one worker, with room for a rerun and for
    # more workrooms; and the admin's "publish now" renders notices inside a request that
    # gunicorn stops at 60 s. Both hold with a bound per notice (bench/README.md).
    Op("notice_job", "one run of the notice job (every notice due that day)", _notice_prepare,
       _notice_run, repeat=1, target_each_s=0.2, target_scale=None),
    Op("quota_all", "every member's quota status for a year",
       lambda: timezone.localdate().year, _quota_run, target_s=1, target_scale=None),
    Op("import_roster", "import a 5,000-row member roster (validated, rolled back)",
       _import_prepare, _import_run, target_s=1),
    Op("district_pdf", "district report PDF", *_report("district", "pdf"), repeat=1,
       target_s=5),
    Op("district_xlsx", "district report .xlsx", *_report("district", "xlsx"), repeat=1),
    Op("city_pdf", "city summary PDF", *_report("city", "pdf"), repeat=1, target_s=20),
    Op("city_xlsx", "city summary .xlsx", *_report("city", "xlsx"), repeat=1),
]
BY_KEY = {op.key: op for op in OPS}
