"""Roster import: one function for the admin, the command and the tests.

An import is all-or-nothing: a file with any bad row changes nothing, and the report lists
every bad row with the row number the user sees in Excel (the header is row 1) and a
reason in Chinese. Uploads are limited in size (settings.IMPORT_MAX_BYTES) and type: an
.xlsx must be a real, reasonably sized Office Open XML zip; a CSV is UTF-8 (with or without
BOM) or GB18030. Every attempt is recorded as one ImportRun.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.choices import EventKind
from audit.services import audit_record
from documents.xlsx import sheet_rows
from notices.services import notify

from .choices import GuidanceState
from .models import GuidanceRequest, ImportRun
from .resources import RosterResource, cell_text, header_key

# An .xlsx is a zip of XML; real rosters inflate 5–20 times. A file that claims to inflate
# far beyond that is a zip bomb. Python's zipfile never inflates past the declared size.
MAX_UNPACKED_FACTOR = 10
MAX_RATIO = 200
XLSX_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}


class UploadRefused(Exception):
    """The file as a whole cannot be read; the message is for the user, in Chinese."""


@dataclass
class ImportReport:
    ok: bool
    file_name: str
    dry_run: bool = False
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int | None, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"第{row}行：{message}" if row else message for row, message in self.errors]

    def summary(self) -> str:
        if not self.ok:
            bad_rows = len({row for row, _ in self.errors if row})
            found = f"{bad_rows}行有误（共{len(self.errors)}处问题）" if bad_rows else "文件有误"
            return f"未导入：{found}，名册未作任何修改。"
        verb = "检查通过，可以导入" if self.dry_run else "导入成功"
        return (f"{verb}：共{self.total}行，新增{self.created}，更新{self.updated}，"
                f"未变{self.unchanged}。")


def roster_import(
    *, resource_class: type[RosterResource], file, file_name: str, by=None, dry_run: bool = False
) -> ImportReport:
    """Import a member or workroom roster; `by` None is the system (management command)."""
    report = ImportReport(ok=False, file_name=file_name, dry_run=dry_run)
    try:
        _check_permission(resource_class, by)
        headers, rows = roster_read(file=file, file_name=file_name)
        _import_rows(resource_class, headers, rows, by, report)
    except UploadRefused as refusal:
        report.errors = [(None, str(refusal))]
    _record(resource_class, by, report)
    return report


def _check_permission(resource_class, by) -> None:
    if by is None:
        return
    opts = resource_class._meta.model._meta
    perms = [f"{opts.app_label}.{action}_{opts.model_name}" for action in ("add", "change")]
    if not (by.is_active and by.has_perms(perms)):
        raise UploadRefused(f"您没有导入{opts.verbose_name}名册的权限。")


# --- reading the file ----------------------------------------------------------------------


def roster_read(*, file, file_name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header row and the non-blank data rows, each with its row number in the sheet."""
    data = _read_limited(file)
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix == ".xlsx":
        table = _xlsx_rows(data)
    elif suffix == ".csv":
        table = _csv_rows(data)
    else:
        raise UploadRefused("只能导入 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 中另存为 .xlsx）。")
    return _split_header(table)


def _read_limited(file) -> bytes:
    limit = settings.IMPORT_MAX_BYTES
    if getattr(file, "size", None) and file.size > limit:
        raise UploadRefused(_too_big(limit))
    data = file.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(_too_big(limit))
    if not data:
        raise UploadRefused("文件是空的。")
    return data


def _too_big(limit: int) -> str:
    return f"文件太大：导入文件不能超过 {limit // (1024 * 1024) or 1} MB。"


def _xlsx_rows(data: bytes):
    xlsx_check(data)
    return [_texts(values) for values in sheet_values(data)]


def xlsx_check(data: bytes) -> None:
    """UploadRefused unless `data` is a real .xlsx of a sane unpacked size: not a renamed
    file, not a zip bomb. The duty-record import checks with it too."""
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRefused(
            "这不是有效的 .xlsx 文件（可能是改了扩展名的其他文件），请在 Excel 中另存为 .xlsx。"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        _check_archive(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError):
        raise UploadRefused("这不是有效的 .xlsx 文件：文件已损坏或不是 Excel 工作簿。") from None


def _check_archive(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(1, sum(entry.compress_size for entry in entries))
    if unpacked > MAX_UNPACKED_FACTOR * settings.IMPORT_MAX_BYTES or (
        unpacked > 1024 * 1024 and unpacked / packed > MAX_RATIO
    ):
        raise UploadRefused("文件解压后异常庞大（疑似压缩炸弹），已拒绝。请导入正常的 Excel 表格。")
    if not XLSX_PARTS <= {entry.filename for entry in entries}:
        raise UploadRefused("这不是有效的 .xlsx 文件：压缩包中没有 Excel 工作簿。")


def sheet_values(data: bytes) -> list[list]:
    """The rows of the first sheet of an .xlsx that passed `xlsx_check`, values as openpyxl
    reads them (`documents.xlsx.sheet_rows`); the duty-record import reads with it too.

    A sheet wider or longer than settings.IMPORT_MAX_COLUMNS / IMPORT_MAX_ROWS is refused
    before its rows are read, from the size the file declares (one cell in column XFD would
    otherwise make every row 16,384 cells wide), and again row by row, since a file may
    declare no size or a wrong one. Rows are read as long as their own cells, never padded
    to the declared width, and nothing past a declared size is silently dropped."""
    try:
        return sheet_rows(data, check_sheet_size)
    except UploadRefused:
        raise
    except Exception:  # a damaged workbook: a missing part, bad XML, a bad reference
        raise UploadRefused("无法读取该 .xlsx 文件，请在 Excel 中重新保存后再导入。") from None


def check_sheet_size(*, rows: int, columns: int, row: int | None = None) -> None:
    """UploadRefused, saying the limit, when a sheet (`rows` counts the header row) or its
    row number `row` is larger than the settings allow."""
    max_rows, max_columns = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS
    if rows > max_rows + 1:
        found = f"此文件超过了 {max_rows} 行" if row else f"此文件有 {rows - 1} 行"
        raise UploadRefused(
            f"行数太多：一次最多导入 {max_rows} 行数据（第1行列名之外），{found}。"
            "请分成几个文件导入，或删除末尾多余的空行（包括只有格式的空行）。"
        )
    if columns > max_columns:
        where = f"第{row}行" if row else "此文件"
        raise UploadRefused(
            f"列数太多：导入的表格最多 {max_columns} 列，{where}用到了第 {columns} 列"
            f"{_column_letter(columns)}。请删除多余的列（包括只有格式的空白列）后再导入。"
        )


def _column_letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"（{get_column_letter(number)} 列）" if number <= 16_384 else ""


def _cell(value) -> str:
    """Excel keeps phone numbers as numbers and dates as dates; the roster wants text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _csv_rows(data: bytes):
    if data.startswith(b"PK\x03\x04"):
        raise UploadRefused("这是一个 Excel 文件而不是 CSV，请把扩展名改回 .xlsx 后导入。")
    if b"\x00" in data:
        raise UploadRefused("这不是文本格式的 CSV 文件（可能是改了扩展名的其他文件）。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UploadRefused("无法识别 CSV 文件的编码，请保存为 UTF-8 或 GB18030（GBK）编码。")
    rows = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            check_sheet_size(rows=number, columns=len(row), row=number)
            rows.append(_texts(row))
    except csv.Error:
        raise UploadRefused("CSV 文件格式有误，无法逐行读取。") from None
    return rows


def _texts(row) -> list[str]:
    """A row's cells as text (`_cell`), as `cell_text` gives it, a plain text cell without
    a call each."""
    texts = []
    for value in row:
        text = value.strip() if type(value) is str else cell_text(_cell(value))
        texts.append(cell_text(text) if text[:1] == "'" else text)
    return texts


def _split_header(table):
    numbered = list(enumerate(table, 1))  # each row's cells as text (`_texts`)
    numbered = [(number, row) for number, row in numbered if any(row)]
    if not numbered:
        raise UploadRefused("文件中没有数据：第1行应为列名，第2行起为数据。")
    (_number, headers), rows = numbered[0], numbered[1:]
    while headers and not headers[-1]:
        headers.pop()
    return headers, rows


# --- importing -----------------------------------------------------------------------------


def _canonical_headers(resource_class, headers: list[str]) -> list[str]:
    """The file's headers as the resource's column names; unknown or missing ones refuse."""
    known = {header_key(name): name for name in resource_class.column_names()}
    canonical = [known.get(header_key(header), header) for header in headers]
    problems = []
    unknown = [h for h in headers if header_key(h) not in known]
    if unknown:
        problems.append(f"无法识别的列：{'、'.join(unknown)}（请使用导入模板中的列名）")
    if "" in headers:
        problems.append("有的列没有列名")
    repeated = sorted({h for h in canonical if h and canonical.count(h) > 1})
    if repeated:
        problems.append(f"列名重复：{'、'.join(repeated)}")
    missing = [name for name in resource_class.required_columns if name not in canonical]
    if missing:
        problems.append(f"缺少必填的列：{'、'.join(missing)}")
    if problems:
        raise UploadRefused("第1行（列名）有误：" + "；".join(problems) + "。")
    return canonical


def _import_rows(resource_class, headers, rows, by, report: ImportReport) -> None:
    """Every row read and checked; written, in one transaction, only if all are good."""
    headers = _canonical_headers(resource_class, headers)
    width = len(headers)
    resource = resource_class(user=by)
    read = resource.read_rows([
        (number, dict(zip(headers, (values + [""] * width)[:width], strict=True)))
        for number, values in rows
    ])
    report.total = len(read)
    report.errors = [(row.number, message) for row in read for message in row.errors]
    if report.errors:
        return
    try:
        with transaction.atomic():
            resource.write_rows(read, reason=f"名册导入：{report.file_name}"[:100])
            if report.dry_run:
                transaction.set_rollback(True)
    except IntegrityError:  # e.g. someone saved the same member since the rows were checked
        report.errors = [(None, "保存失败：数据库拒绝了写入（可能有人同时修改了名册），"
                                "名册未作任何修改，请重新导入。")]
        return
    report.ok = True
    report.created = sum(row.new for row in read)
    report.updated = sum(row.changed and not row.new for row in read)
    report.unchanged = report.total - report.created - report.updated


def _run_summary(report: ImportReport) -> str:
    """The outcome and the bad rows' numbers; not the messages, which may quote a phone
    number or a name (personal data stays out of long-kept records)."""
    rows = sorted({row for row, _ in report.errors if row})
    if rows:
        shown = "、".join(str(row) for row in rows[:200])
        return f"{report.summary()}\n有误的行：{shown}{'……' if len(rows) > 200 else ''}"
    if report.errors and not report.ok:
        return f"{report.summary()}\n{report.errors[0][1]}"
    return report.summary()


def _record(resource_class, by, report: ImportReport) -> ImportRun:
    run = ImportRun.objects.create(
        roster=resource_class.roster, file_name=(report.file_name or "")[:200], by=by,
        dry_run=report.dry_run, ok=report.ok, rows=report.total, created=report.created,
        updated=report.updated, error_count=len(report.errors),
        summary=_run_summary(report),
    )
    audit_record(kind=EventKind.IMPORT, user=by, obj=run, detail={
        "model": resource_class._meta.model._meta.label_lower, "dry_run": report.dry_run,
        "ok": report.ok, "rows": report.total, "created": report.created,
        "updated": report.updated, "errors": len(report.errors),
    })
    return run


# --- 规范 第十二条: a member asks the district for guidance or for people -------------------


@transaction.atomic
def guidance_request_ask(*, member, kind: str, subject: str, details: str,
                         wanted_by: datetime.date | None = None):
    """规范 第十二条: the member's request goes to their district CPPCC, whose staff are told
    in their inbox (and by e-mail or SMS where they have one)."""
    if member.district_id is None:
        raise ValidationError(_("您的委员信息未登记所属区，无法向区政协提出请求，请联系区政协。"))
    asked = GuidanceRequest(member=member, district_id=member.district_id, kind=kind,
                            subject=subject, details=details, wanted_by=wanted_by)
    asked.full_clean()
    asked.save()
    staff = User.objects.district_staff(member.district_id)
    notify(
        people=list(staff), key=f"guidance:{asked.pk}:asked",
        subject=_("委员请求：%(kind)s（%(member)s）") % {
            "kind": asked.get_kind_display(), "member": member.name},
        body=_("%(member)s委员向区政协提出请求（规范 第十二条）：%(subject)s\n%(details)s\n"
               "请在管理后台“委员指导或人员请求”中答复。") % {
            "member": member.name, "subject": subject, "details": details},
        link=reverse("admin:members_guidancerequest_change", args=[asked.pk]),
    )
    return asked


@transaction.atomic
def guidance_request_answer(*, asked, answer: str, by):
    """The district's answer is recorded with who gave it and when, and the member is told.
    A later change of the answer is kept in the history and told again."""
    asked.answer, asked.state = answer, GuidanceState.ANSWERED
    asked.answered_by, asked.answered_at = by, timezone.now()
    asked.full_clean()
    asked.save()
    notify(
        people=[asked.member], key=f"guidance:{asked.pk}:answered:{asked.answered_at.isoformat()}",
        subject=_("区政协已答复您的请求：%(subject)s") % {"subject": asked.subject},
        body=_("您提出的“%(subject)s”（%(kind)s，规范 第十二条），区政协答复如下：\n%(answer)s")
        % {"subject": asked.subject, "kind": asked.get_kind_display(), "answer": answer},
        link=reverse("members:guidance"),
    )
    return asked
