"""The proposal office's spreadsheet is read with the rosters' limits (IMPORT_MAX_COLUMNS,
IMPORT_MAX_ROWS): one cell in column XFD, or too many rows, is refused at once with the
limit in Chinese, and nothing is imported."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from scoring.models import DutyRecord

from .conftest import city_member

pytestmark = pytest.mark.django_db

IMPORT = "admin:scoring_dutyrecord_import"


def proposals(rows: int, far_cell: str = "") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "案由", "日期", "第一提案人", "界别"])
    for n in range(rows):
        sheet.append([str(n), f"提案{n}", "2026-01-20", "王强", "经济界"])
    if far_cell:
        sheet[far_cell] = "x"
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("提案.xlsx", out.getvalue())


def refusal(client, file) -> str:
    response = client.post(reverse(IMPORT), {"kind": "proposal", "file": file})
    assert response.status_code == 200
    assert not DutyRecord.objects.exists()
    return response.content.decode()


def test_one_cell_in_column_xfd_is_refused_at_once(client, personas):
    city_member(name="王强", phone="13900000001")
    client.force_login(personas.city)
    file = proposals(2000, far_cell="XFD1")
    started = time.monotonic()
    page = refusal(client, file)
    assert time.monotonic() - started < 5
    assert "列数太多：导入的表格最多 50 列" in page and "XFD 列" in page


def test_more_rows_than_the_limit_are_refused(client, personas, settings):
    settings.IMPORT_MAX_ROWS = 3
    city_member(name="王强", phone="13900000001")
    client.force_login(personas.city)
    assert "行数太多：一次最多导入 3 行数据" in refusal(client, proposals(4))
