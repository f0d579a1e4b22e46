"""规范 第十六条 in the district's yearly report: each workroom's budget line for the year, the
total, and the active workrooms with none, on the page, in the PDF and in the .xlsx; another
district's lines and other years are left out."""

import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports.choices import DocumentKind
from reports.documents import district_data
from reports.services import report_file_bytes
from workrooms.models import WorkroomBudget

from ..factories import WorkroomFactory, district, town


@pytest.fixture
def budgets(personas):
    WorkroomBudget.objects.create(workroom=personas.beijing_room, year=2026,
                                  amount=Decimal("50000"), town=town("北京街道"),
                                  note="场地与资料印制")
    WorkroomBudget.objects.create(workroom=personas.beijing_room, year=2025,
                                  amount=Decimal("1"), town=town("北京街道"))
    WorkroomBudget.objects.create(workroom=personas.hualin_room, year=2026,
                                  amount=Decimal("777"), town=town("华林街道"))
    WorkroomFactory(name="六榕工作室", town=town("六榕街道"))
    return district("越秀区")


def test_the_report_data_holds_the_districts_lines_of_the_year(budgets):
    b = district_data(district=budgets, year=2026)["budgets"]

    assert b["rows"] == [{"workroom": "北京街工作室", "workroom_town": "北京街道",
                          "town": "北京街道", "amount": "50000.00", "note": "场地与资料印制"}]
    assert b["total"] == "50000.00"
    assert b["unfunded"] == ["六榕街道 六榕工作室"]


def test_the_report_page_shows_the_budget_section(client, personas, budgets):
    client.force_login(personas.yuexiu_staff)

    body = client.get(f"/reports/district/{budgets.pk}/2026/").content.decode()

    assert "工作室经费（规范 第十六条）" in body
    assert "50000.00" in body and "六榕工作室" in body and "777" not in body


def test_the_workbook_has_a_budget_sheet(budgets):
    book = load_workbook(io.BytesIO(report_file_bytes(
        kind=DocumentKind.DISTRICT, district=budgets, year=2026, fmt="xlsx")))

    rows = list(book["工作室经费"].iter_rows(min_row=2, values_only=True))
    assert rows[0] == ("北京街工作室", "北京街道", "北京街道", "50000.00", "场地与资料印制")
    total = next(row for row in rows if row[0] == "合计")
    assert total[3] == "50000.00"
    assert any(row[0] == "六榕街道 六榕工作室" and row[3] == "未列入预算" for row in rows)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
def test_the_pdf_has_the_budget_section(budgets, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(report_file_bytes(kind=DocumentKind.DISTRICT, district=budgets, year=2026,
                                       fmt="pdf"))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                             text=True, check=True).stdout)

    assert "工作室经费（规范第十六条）" in text
    assert "北京街工作室" in text and "50000.00" in text
