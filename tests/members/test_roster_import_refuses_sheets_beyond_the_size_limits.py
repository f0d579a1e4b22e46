"""A roster wider or longer than the stated limits (settings.IMPORT_MAX_COLUMNS,
IMPORT_MAX_ROWS) is refused with a Chinese message saying the limit, before its rows are
read, and nothing is imported. One cell in column XFD used to make the importer pad every
row to 16,384 cells (bench/README.md)."""

import io
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from members.models import ImportRun, Member

from .roster import MEMBER_HEADER, csv_upload

IMPORT = "admin:members_member_import"


def row(n: int) -> list[str]:
    return [f"王{n}", "区政协委员", "越秀区", "教育界", "", "否", "", "", "", f"139{n:08d}", "", ""]


def xlsx(rows: int, *, far_cell: str = "", dimension: bytes | None = None) -> bytes:
    """A roster of `rows` members; `far_cell` one more cell somewhere; `dimension` replaces
    the size the sheet declares (b"" removes it), as other programs may write it."""
    book = Workbook()
    sheet = book.active
    sheet.append(MEMBER_HEADER.split(","))
    for n in range(rows):
        sheet.append(row(n))
    if far_cell:
        sheet[far_cell] = "x"
    out = io.BytesIO()
    book.save(out)
    if dimension is None:
        return out.getvalue()
    source, rewritten = zipfile.ZipFile(out), io.BytesIO()
    with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*" ?/>', dimension, data)
            archive.writestr(entry.filename, data)
    return rewritten.getvalue()


def upload(client, file) -> str:
    response = client.post(reverse(IMPORT), {"file": file})
    assert response.status_code == 200
    assert not Member.objects.filter(name__startswith="王").exists()
    assert not ImportRun.objects.get().ok
    return response.content.decode()


@pytest.mark.django_db
def test_one_cell_in_column_xfd_is_refused_at_once(client, personas):
    client.force_login(personas.yuexiu_staff)
    file = SimpleUploadedFile("名册.xlsx", xlsx(2000, far_cell="XFD1"))
    started = time.monotonic()
    page = upload(client, file)
    assert time.monotonic() - started < 5
    assert "列数太多：导入的表格最多 50 列" in page and "XFD 列" in page


@pytest.mark.parametrize("dimension", [b'<dimension ref="A1:L2001"/>', b""],
                         ids=["declared-too-small", "undeclared"])
@pytest.mark.django_db
def test_a_far_cell_is_found_when_the_sheet_declares_a_wrong_size_or_none(
    client, personas, dimension
):
    client.force_login(personas.yuexiu_staff)
    file = SimpleUploadedFile("名册.xlsx", xlsx(2000, far_cell="XFD2001", dimension=dimension))
    started = time.monotonic()
    page = upload(client, file)
    assert time.monotonic() - started < 5
    assert "列数太多" in page and "第2001行用到了第 16384 列" in page


@pytest.mark.parametrize("dimension", [None, b""], ids=["declared", "undeclared"])
@pytest.mark.django_db
def test_an_xlsx_with_more_rows_than_the_limit_is_refused(client, personas, settings, dimension):
    settings.IMPORT_MAX_ROWS = 5
    client.force_login(personas.yuexiu_staff)
    page = upload(client, SimpleUploadedFile("名册.xlsx", xlsx(6, dimension=dimension)))
    assert "行数太多：一次最多导入 5 行数据" in page


@pytest.mark.django_db
def test_a_csv_with_more_rows_than_the_limit_is_refused(client, personas, settings):
    settings.IMPORT_MAX_ROWS = 5
    client.force_login(personas.yuexiu_staff)
    file = csv_upload(MEMBER_HEADER, *(",".join(row(n)) for n in range(6)))
    assert "行数太多：一次最多导入 5 行数据" in upload(client, file)


@pytest.mark.django_db
def test_a_csv_with_a_row_wider_than_the_limit_is_refused(client, personas):
    client.force_login(personas.yuexiu_staff)
    file = csv_upload(MEMBER_HEADER, ",".join(row(1)) + "," * 100)
    assert "列数太多：导入的表格最多 50 列，第2行用到了第 112 列" in upload(client, file)


@pytest.mark.django_db
def test_a_roster_within_the_limits_still_imports(client, personas, settings):
    settings.IMPORT_MAX_ROWS = 5
    client.force_login(personas.yuexiu_staff)
    file = SimpleUploadedFile("名册.xlsx", xlsx(5, dimension=b""))
    response = client.post(reverse(IMPORT), {"file": file})
    assert response.status_code == 302
    assert Member.objects.filter(name__startswith="王").count() == 5
