"""Evidence attached to a duty record (佐证附件): small, and truly what its name says
(a renamed file, an oversized file, a zip bomb are refused)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.media import name_as
from members.validators import validate_image

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 200
KINDS = {
    ".pdf": "pdf", ".jpg": "image", ".jpeg": "image", ".png": "image", ".webp": "image",
    ".docx": "word/document.xml", ".xlsx": "xl/workbook.xml",
}
OFFICE = {"word/document.xml": "DOCX", "xl/workbook.xml": "XLSX"}
WRONG_KIND = _("佐证附件只能是 PDF、图片（JPEG、PNG、WebP）、Word（.docx）或 Excel（.xlsx）文件，"
               "且内容须与扩展名一致。")


def validate_evidence(file) -> None:
    """A PDF, picture, .docx or .xlsx whose content is what its extension says, stored
    with that type's extension (photo.JPEG becomes photo.jpg)."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when uploaded
    if file.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("佐证附件不能超过10MB。"), code="evidence_too_large")
    kind = KINDS.get(PurePath(file.name or "").suffix.lower())
    if kind is None:
        raise ValidationError(WRONG_KIND, code="evidence_type")
    if kind == "image":
        validate_image(file, max_bytes=EVIDENCE_MAX_BYTES)
        return
    file.seek(0)
    data = file.read(EVIDENCE_MAX_BYTES + 1)
    file.seek(0)
    if kind == "pdf":
        if not data.startswith(b"%PDF-"):
            raise ValidationError(WRONG_KIND, code="evidence_type")
        name_as(file, "PDF")
        return
    _check_office(data, kind)
    name_as(file, OFFICE[kind])


def _check_office(data: bytes, part: str) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError(WRONG_KIND, code="evidence_type")
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError):
        raise ValidationError(_("附件已损坏，无法打开。"), code="evidence_invalid") from None
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(1, sum(entry.compress_size for entry in entries))
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 1024 * 1024 and unpacked / packed > MAX_RATIO):
        raise ValidationError(_("附件解压后异常庞大（疑似压缩炸弹），已拒绝。"), code="zip_bomb")
    if part not in {entry.filename for entry in entries}:
        raise ValidationError(WRONG_KIND, code="evidence_type")


# Nothing the product records is older than the work it records: the 规范 was adopted on
# 2019-10-31; its first year is the first of every year list and of every date typed.
FIRST_YEAR = 2019
FIRST_DAY = dt.date(FIRST_YEAR, 1, 1)


def validate_not_before_first_day(value: dt.date) -> None:
    if value < FIRST_DAY:
        raise ValidationError(
            _("日期不能早于%(day)s：本平台记录2019年《工作规范》施行以来的工作。"),
            code="date_too_early", params={"day": f"{FIRST_DAY:%Y年%-m月%-d日}"},
        )


def validate_done_on(value: dt.date) -> None:
    """A day on which something was done: since 2019 and not after today (Beijing)."""
    validate_not_before_first_day(value)
    today = timezone.localdate()
    if value > today:
        raise ValidationError(
            _("日期不能晚于今天（%(today)s）：只能记录已经完成的工作。"),
            code="date_in_future", params={"today": f"{today:%Y年%-m月%-d日}"},
        )


def validate_planned_on(value: dt.date) -> None:
    """A day something is held or planned: since 2019 and at most about a year ahead."""
    validate_not_before_first_day(value)
    last = timezone.localdate() + dt.timedelta(days=400)
    if value > last:
        raise ValidationError(
            _("日期不能晚于%(last)s：请检查年份。"),
            code="date_too_far", params={"last": f"{last:%Y年%-m月%-d日}"},
        )
