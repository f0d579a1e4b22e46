"""Hostile or wrong uploads are refused as a whole with a Chinese message:
a renamed file, a zip bomb posing as .xlsx, a file too big, an unknown type; CSV is read in
UTF-8, UTF-8 with BOM, or GB18030."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import ImportRun, Member

from .roster import MEMBER_HEADER, csv_upload, import_members, xlsx_bytes

ROW = "王五,区政协委员,越秀区,教育界,,否,,,,13900001111,,"


def refusal(upload) -> str:
    report = import_members(upload)
    assert not report.ok and len(report.errors) == 1 and report.errors[0][0] is None
    assert not Member.objects.filter(name="王五").exists()
    return report.errors[0][1]


@pytest.mark.django_db
def test_a_csv_renamed_to_xlsx_is_refused(personas):
    upload = csv_upload(MEMBER_HEADER, ROW, name="名册.xlsx")
    assert "不是有效的 .xlsx 文件" in refusal(upload)


@pytest.mark.django_db
def test_an_xlsx_renamed_to_csv_is_refused(personas):
    upload = SimpleUploadedFile("名册.csv", xlsx_bytes([MEMBER_HEADER.split(",")]))
    assert "Excel 文件而不是 CSV" in refusal(upload)


@pytest.mark.django_db
def test_a_binary_file_renamed_to_csv_is_refused(personas):
    upload = SimpleUploadedFile("名册.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00")
    assert "不是文本格式的 CSV" in refusal(upload)


@pytest.mark.django_db
def test_a_zip_bomb_posing_as_xlsx_is_refused_without_inflating_it(personas):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    upload = SimpleUploadedFile("名册.xlsx", out.getvalue())
    assert upload.size < 100_000
    assert "压缩炸弹" in refusal(upload)


@pytest.mark.django_db
def test_a_zip_that_is_no_workbook_is_refused(personas):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "没有 Excel 工作簿" in refusal(SimpleUploadedFile("名册.xlsx", out.getvalue()))


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(personas, settings):
    settings.IMPORT_MAX_BYTES = 1024
    upload = csv_upload(MEMBER_HEADER, *[ROW] * 50)
    assert "文件太大" in refusal(upload)


@pytest.mark.parametrize("name", ["名册.xls", "名册.txt", "名册"])
@pytest.mark.django_db
def test_other_file_types_are_refused(personas, name):
    assert "只能导入 .xlsx 或 .csv" in refusal(csv_upload(MEMBER_HEADER, ROW, name=name))


@pytest.mark.django_db
def test_every_refusal_is_recorded(personas):
    import_members(csv_upload(MEMBER_HEADER, ROW, name="名册.xls"), by=personas.city)
    run = ImportRun.objects.get()
    assert not run.ok and run.by == personas.city and "只能导入" in run.summary


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
@pytest.mark.django_db
def test_csv_in_utf8_with_or_without_bom_or_gb18030_is_read(personas, encoding):
    report = import_members(csv_upload(MEMBER_HEADER, ROW, encoding=encoding))
    assert report.ok, report.lines()
    assert Member.objects.get(name="王五").district.name == "越秀区"
