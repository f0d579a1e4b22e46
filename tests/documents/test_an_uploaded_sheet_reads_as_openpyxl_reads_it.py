"""An uploaded workbook's first sheet is read as openpyxl reads it (values_only, read-only
mode): text from the shared strings or inline, numbers, booleans, dates by their cell's
format (in the 1900 and the 1904 date systems), formulas by their saved result, empty
cells and empty rows where they are, so every row keeps its number in Excel."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from documents.xlsx import sheet_rows


def _ignore(**_size):
    return None


def _openpyxl(data: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    rows = [list(values) for values in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _trimmed(rows):
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    return out


def _book(write_only=False, date1904=False) -> bytes:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("名册") if write_only else book.active
    if date1904:
        book.epoch = CALENDAR_MAC_1904
    rows = [
        ["姓名", "手机号码", "届次", "常委", "任职日期", "比例", "空"],
        ["王五", 13900001111, 14, True, dt.datetime(2022, 1, 12), 0.5, None],
        [],
        ["赵六 ", "13900002222", 14.0, False, dt.date(2026, 6, 30), "=1+1", None, None, "远处"],
    ]
    for row in rows:
        sheet.append(row)
    if not write_only:
        sheet["B8"] = "隔几行"
        sheet["C9"] = dt.datetime(2026, 3, 15, 9, 30)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("options", [{}, {"write_only": True}, {"date1904": True}])
def test_the_rows_are_those_openpyxl_reads(options):
    data = _book(**options)
    assert _trimmed(sheet_rows(data, _ignore)) == _trimmed(_openpyxl(data))


def test_dates_are_dates_and_the_row_numbers_are_kept():
    rows = sheet_rows(_book(), _ignore)
    assert rows[1][4] == dt.datetime(2022, 1, 12)
    assert rows[2] == [] and rows[7][1] == "隔几行" and len(rows) == 9
    assert rows[8][2] == dt.datetime(2026, 3, 15, 9, 30)


def test_the_size_is_asked_before_the_rows_are_read():
    asked = []
    sheet_rows(_book(), lambda **size: asked.append(size))
    assert asked[0] == {"rows": 9, "columns": 9}  # the size the sheet declares (A1:I9)
    assert max(size["columns"] for size in asked[1:]) == 9
