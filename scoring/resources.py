"""Reading the proposal office's and the social-conditions office's spreadsheets (.xlsx).

Each row is one proposal or report: title, date, first author, co-authors (joint ones count
for every co-author, 举措 三（一）). Members are matched by name plus a second field, 界别 or
手机号码, so that two members of the same name are never confused. Nothing is written here:
`parse_duty_rows` returns the rows or the list of every row's errors, in Chinese.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings

from members.validators import normalize_phone

HEADERS = {
    "title": ("标题", "题目", "案由", "信息标题"),
    "date": ("日期", "提交日期", "立案日期", "报送日期", "时间"),
    "first": ("第一提案人", "提案人", "第一反映人", "反映人", "提交人", "委员", "姓名"),
    "co": ("联名委员", "联名人", "联名提案人", "联名反映人", "附议人"),
    "sector": ("界别",),
    "phone": ("手机号码", "手机", "联系电话"),
    "ref": ("编号", "案号", "提案号", "信息编号"),
}
SEPARATORS = re.compile(r"[,，、;；\s]+")
QUALIFIED = re.compile(r"^(?P<name>[^（(]+)[（(](?P<hint>[^）)]+)[）)]$")
DATE_TEXT = re.compile(r"^(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})\D?$")


class ImportRejected(Exception):
    """The file was refused; `errors` lists every problem found, row by row."""

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


@dataclass
class DutyRow:
    line: int
    title: str
    date: dt.date
    members: list = field(default_factory=list)  # first author first
    ref: str = ""

    def source_ref(self, kind: str) -> str:
        """A stable key, so importing the same file twice adds nothing."""
        if self.ref:
            return f"import:{self.ref}"[:60]
        digest = hashlib.sha1(
            f"{kind}|{self.title}|{self.date}|{self.members[0].pk}".encode()
        ).hexdigest()[:16]
        return f"import:{digest}"


class MemberDirectory:
    """The members an importer may match, loaded once (not one query per row)."""

    def __init__(self, members):
        self.by_name: dict[str, list] = {}
        for member in members.select_related("sector"):
            self.by_name.setdefault(_clean(member.name), []).append(member)

    def find(self, name: str, *, sector: str = "", phone: str = "") -> list:
        found = self.by_name.get(_clean(name), [])
        if sector:
            found = [m for m in found if _clean(m.sector.name) == _clean(sector)]
        if phone:
            found = [m for m in found if normalize_phone(m.phone) == normalize_phone(phone)]
        return found

    def find_hinted(self, name: str, hint: str) -> list:
        """A co-author written 姓名（界别） or 姓名（手机号码）."""
        if re.fullmatch(r"[\d\s+-]{7,}", hint):
            return self.find(name, phone=hint)
        return self.find(name, sector=hint)


def parse_duty_rows(file, *, kind: str, directory: MemberDirectory) -> list[DutyRow]:
    """Every row of the first sheet, matched; raises ImportRejected listing all errors."""
    sheet_rows = _read_sheet(file)
    columns = _columns(sheet_rows[0] if sheet_rows else ())
    errors, rows, refs = [], [], {}
    for line, values in enumerate(sheet_rows[1:], start=2):
        if all(_text(v) == "" for v in values):
            continue
        row, row_errors = _parse_row(line, values, columns, directory)
        if row and row.ref:
            if row.ref in refs:
                row_errors.append(f"第{line}行：编号“{row.ref}”与第{refs[row.ref]}行重复")
            refs.setdefault(row.ref, line)
        errors += row_errors
        if row and not row_errors:
            rows.append(row)
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected(["表格中没有数据行。"])
    return rows


def _read_sheet(file) -> list[tuple]:
    from members.services import UploadRefused, sheet_values, xlsx_check

    limit = settings.IMPORT_MAX_BYTES
    data = file.read(limit + 1)
    if getattr(file, "size", 0) > limit or len(data) > limit:
        raise ImportRejected([f"文件过大（上限 {limit // 1024 // 1024} MB）。"])
    try:
        xlsx_check(data)  # a renamed file or a zip bomb is refused before openpyxl reads it
    except UploadRefused as refusal:
        raise ImportRejected([f"无法读取文件：{refusal}"]) from None
    try:
        return sheet_values(data)  # a sheet too wide or too long is refused, saying the limit
    except UploadRefused as refusal:
        raise ImportRejected([str(refusal)]) from None


def _columns(header: tuple) -> dict[str, int]:
    names = [_clean(_text(h)) for h in header]
    columns = {}
    for key, labels in HEADERS.items():
        for label in labels:
            if label in names:
                columns[key] = names.index(label)
                break
    missing = [HEADERS[k][0] for k in ("title", "date", "first") if k not in columns]
    if missing:
        raise ImportRejected([f"表头缺少“{'”“'.join(missing)}”列。"])
    if "sector" not in columns and "phone" not in columns:
        raise ImportRejected(["表头须有“界别”或“手机号码”列，用于核对委员身份。"])
    return columns


def _parse_row(line, values, columns, directory) -> tuple[DutyRow | None, list[str]]:
    def cell(key):
        index = columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    errors = []
    title = _text(cell("title"))
    if not title:
        errors.append(f"第{line}行：缺少标题")
    elif len(title) > 200:
        errors.append(f"第{line}行：标题超过200字")
    date = _parse_date(cell("date"))
    if date is None:
        errors.append(f"第{line}行：日期“{_text(cell('date'))}”无法识别，请写成 2026-03-15")
    first = _match_first(line, cell, directory, errors)
    co = _match_co_authors(line, _text(cell("co")), first, directory, errors)
    if errors:
        return None, errors
    members = [first] + [m for m in co if m.pk != first.pk]
    return DutyRow(line, title, date, list(dict.fromkeys(members)), _text(cell("ref"))), []


def _match_first(line, cell, directory, errors):
    name, sector, phone = _text(cell("first")), _text(cell("sector")), _text(cell("phone"))
    if not name:
        errors.append(f"第{line}行：缺少第一提案人（反映人）")
        return None
    found = directory.find(name, sector=sector, phone=phone)
    hint = "，".join(x for x in (sector and f"界别：{sector}", phone and f"手机号码：{phone}") if x)
    if not found:
        errors.append(f"第{line}行：未找到委员“{name}”{f'（{hint}）' if hint else ''}")
        return None
    if len(found) > 1:
        errors.append(f"第{line}行：委员“{name}”有{len(found)}人重名，请填写界别或手机号码区分")
        return None
    return found[0]


def _match_co_authors(line, text, first, directory, errors) -> list:
    members = []
    for entry in (e for e in SEPARATORS.split(unicodedata.normalize("NFKC", text)) if e):
        qualified = QUALIFIED.match(entry)
        if qualified:
            name, hint = qualified["name"].strip(), qualified["hint"].strip()
            found = directory.find_hinted(name, hint)
        else:
            name, hint = entry, ""
            found = directory.find(name)
            if len(found) > 1 and first is not None:  # joint work: try the first author's sector
                found = [m for m in found if m.sector_id == first.sector_id] or found
        if not found:
            errors.append(f"第{line}行：未找到联名委员“{entry}”")
        elif len(found) > 1:
            errors.append(
                f"第{line}行：联名委员“{name}”有{len(found)}人重名，请写成“{name}（界别）”"
            )
        else:
            members.append(found[0])
    return members


def _parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", _text(value))
    match = DATE_TEXT.match(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
