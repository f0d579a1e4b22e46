"""Every upload is limited in size and type. A renamed file, an oversized
file and a zip bomb posing as .xlsx are refused with a Chinese message, and nothing changes.
Activity photos: tests/cases/test_photos.py; rosters:
tests/members/test_roster_upload_refusals.py."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from scoring.choices import DutyKind
from scoring.models import DutyRecord
from scoring.resources import ImportRejected
from scoring.services import duty_records_import
from scoring.validators import validate_evidence

from ..factories import MemberFactory

EXE = b"MZ\x90\x00\x03\x00\x00\x00 this is a program, not a picture"


def png(name="photo.png"):
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 10)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue())


def zip_bomb(name="名册.xlsx", parts=("[Content_Types].xml", "xl/workbook.xml")):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in parts:
            archive.writestr(part, "<xml/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (3 * 1024 * 1024))
    return SimpleUploadedFile(name, out.getvalue())


def docx(name="说明.docx"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<xml/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, out.getvalue())


# --- member photos (规范 第八条: published) ------------------------------------------------


def test_a_member_photo_must_really_be_a_picture(personas):
    member = personas.member
    member.photo = SimpleUploadedFile("证件照.jpg", EXE)
    with pytest.raises(ValidationError, match="不是有效的图片"):
        member.full_clean()
    member.photo = png("证件照.png")
    member.full_clean()


def test_an_oversized_member_photo_is_refused(personas, monkeypatch):
    from members import validators

    monkeypatch.setattr(validators.validate_image, "__kwdefaults__",
                        {**validators.validate_image.__kwdefaults__, "max_bytes": 10})
    member = personas.member
    member.photo = png()
    with pytest.raises(ValidationError, match="图片不能超过"):
        member.full_clean()


# --- evidence attachments of duty records ---------------------------------------------------


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("证明.pdf", EXE),  # renamed program
    SimpleUploadedFile("证明.exe", EXE),
    SimpleUploadedFile("证明.html", b"<script>alert(1)</script>"),
    SimpleUploadedFile("证明.svg", b"<svg onload='alert(1)'/>"),
    SimpleUploadedFile("证明.docx", b"%PDF-1.4 a pdf renamed"),
])
def test_evidence_of_the_wrong_kind_is_refused(upload):
    with pytest.raises(ValidationError, match="佐证附件只能是|不是有效的图片"):
        validate_evidence(upload)


def test_evidence_zip_bomb_is_refused():
    with pytest.raises(ValidationError, match="压缩炸弹"):
        validate_evidence(zip_bomb("说明.docx", ("[Content_Types].xml", "word/document.xml")))


def test_oversized_evidence_is_refused(monkeypatch):
    from scoring import validators

    monkeypatch.setattr(validators, "EVIDENCE_MAX_BYTES", 10)
    with pytest.raises(ValidationError, match="不能超过10MB"):
        validate_evidence(SimpleUploadedFile("证明.pdf", b"%PDF-1.4 long enough"))


def test_real_evidence_is_accepted(personas):
    for upload in [SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n%%EOF"), png("现场.png"), docx()]:
        validate_evidence(upload)
    record = DutyRecord(kind=DutyKind.PROPOSAL, title="提案", date="2026-03-01",
                        attachment=SimpleUploadedFile("证明.pdf", EXE))
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert "attachment" in refused.value.message_dict


# --- the duty-record import (.xlsx from the proposal office) --------------------------------


def test_a_zip_bomb_posing_as_xlsx_is_refused_before_it_is_read(personas):
    MemberFactory(name="陈明")
    before = DutyRecord.objects.count()
    with pytest.raises(ImportRejected, match="压缩炸弹"):
        duty_records_import(file=zip_bomb("提案.xlsx"), kind=DutyKind.PROPOSAL, by=personas.city)
    assert DutyRecord.objects.count() == before


def test_a_renamed_file_posing_as_xlsx_is_refused(personas):
    with pytest.raises(ImportRejected, match="改了扩展名"):
        duty_records_import(file=SimpleUploadedFile("提案.xlsx", EXE), kind=DutyKind.PROPOSAL,
                            by=personas.city)


def test_an_oversized_import_is_refused(personas, settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportRejected, match="文件过大"):
        duty_records_import(file=SimpleUploadedFile("提案.xlsx", b"PK\x03\x04" + b"0" * 2000),
                            kind=DutyKind.PROPOSAL, by=personas.city)
