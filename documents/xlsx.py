"""Excel workbooks for every export: one sheet per section, formula injection neutralised;
and the first sheet of an uploaded workbook read as rows of values (`sheet_rows`)."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from xml.etree.ElementTree import iterparse

from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CELL_LIMIT = 32767  # characters an Excel cell holds; Excel calls a file with more damaged


def safe_cell(value):
    """A text cell a spreadsheet would read as a formula gets a leading apostrophe; one
    longer than a cell holds is cut, saying how long it was. A moment is written in Beijing
    time: a spreadsheet cell has no time zone, and the stored UTC would show a case closed
    at 05:49 as closed the day before."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_PREFIXES):
        value = "'" + value
    if len(value) > CELL_LIMIT:
        note = _("……（全文共%(n)s字，见系统）") % {"n": len(value)}
        value = value[: CELL_LIMIT - len(note)] + note
    return value


def workbook_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """`sheets` is (title, headers, rows) per sheet; returns the .xlsx file's bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
        for index, header in enumerate(headers, start=1):
            width = max(8, min(40, len(str(header)) * 2 + 2))
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading an uploaded workbook ----------------------------------------------------------
#
# openpyxl's read-only mode builds a dict and parses a coordinate for every cell, most of a
# large roster's import (bench/README.md); this reads the same values in one pass of the
# standard library's parser (expat, which openpyxl too uses without lxml: no external
# entities, bounded entity expansion), with openpyxl's own date formats and conversions.

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ROW, CELL, VALUE, TEXT, RUN = (f"{MAIN}{tag}" for tag in ("row", "c", "v", "t", "r"))
INLINE, DIMENSION, SI = f"{MAIN}is", f"{MAIN}dimension", f"{MAIN}si"
LETTERS = re.compile(r"[A-Z]+")
DIGITS = "0123456789"
SizeCheck = Callable[..., None]


def _rels(archive, part: str) -> dict[str, tuple[str, str]]:
    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", name + ".rels")
    out = {}
    for _event, el in iterparse(archive.open(path)):
        if el.tag == f"{PKG}Relationship":
            target = el.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            out[el.get("Id")] = (el.get("Type", "").rsplit("/", 1)[-1], target)
    return out


def _text(el) -> str:
    """A string item's text: its <t>, or its runs' <t>s (phonetic runs left out)."""
    t = el.find(TEXT)
    if t is not None:
        return t.text or ""
    return "".join(r.findtext(TEXT, "") for r in el.iterfind(RUN))


def _shared(archive, part) -> list[str]:
    if part is None:
        return []
    out = []
    for _event, el in iterparse(archive.open(part)):
        if el.tag == SI:
            out.append(_text(el))
            el.clear()
    return out


def _date_styles(archive, part) -> set[int]:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if part is None:
        return set()
    custom, xfs, in_xfs = {}, [], False
    for event, el in iterparse(archive.open(part), events=("start", "end")):
        if el.tag == f"{MAIN}cellXfs":
            in_xfs = event == "start"
        elif event == "end" and el.tag == f"{MAIN}numFmt":
            custom[int(el.get("numFmtId"))] = el.get("formatCode", "")
        elif event == "end" and in_xfs and el.tag == f"{MAIN}xf":
            xfs.append(int(el.get("numFmtId", 0)))
    dates = set()
    for index, number in enumerate(xfs):
        code = custom.get(number, BUILTIN_FORMATS.get(number))
        if code and is_date_format(code):
            dates.add(index)
    return dates


def _first_sheet(archive) -> tuple[str, str | None, str | None, bool]:
    """The first sheet's part, the shared strings' and styles' parts, and whether the
    workbook counts dates from 1904."""
    rels = _rels(archive, "xl/workbook.xml")
    first, date1904 = None, False
    for _event, el in iterparse(archive.open("xl/workbook.xml")):
        if el.tag == f"{MAIN}sheet" and first is None:
            first = el.get(f"{REL}id")
        elif el.tag == f"{MAIN}workbookPr":
            date1904 = el.get("date1904", "").lower() in ("1", "true")
    by_type = {kind: target for kind, target in rels.values()}
    return rels[first][1], by_type.get("sharedStrings"), by_type.get("styles"), date1904


def sheet_rows(data: bytes, check_size: SizeCheck) -> list[list]:
    """Each row of the first sheet as a list of values (str, int, float, bool, datetime,
    None for an empty cell), empty rows included, so a row's index + 1 is its number in
    Excel. `check_size(rows=, columns=, row=None)` is asked the size the sheet declares,
    then each row's, before the row is built."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    archive = zipfile.ZipFile(io.BytesIO(data))
    sheet, strings, styles, date1904 = _first_sheet(archive)
    shared = _shared(archive, strings)
    dates = _date_styles(archive, styles)
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    columns: dict[str, int] = {}
    rows = []
    number = widest = 0
    for _event, el in iterparse(archive.open(sheet)):
        tag = el.tag
        if tag == ROW:
            number = int(el.get("r") or number + 1)
            check_size(rows=number, columns=0, row=number)
            while len(rows) < number - 1:
                rows.append([])
            values, column = [], 0
            for cell in el.iterfind(CELL):
                ref = cell.get("r")
                if ref:
                    letters = ref.rstrip(DIGITS)
                    column = columns.get(letters) or columns.setdefault(
                        letters, _column_index(letters))
                else:
                    column += 1
                if column > widest:  # asked once per new width, not once per cell
                    check_size(rows=number, columns=column, row=number)
                    widest = column
                value = _value(cell, shared, dates, epoch, from_excel)
                if value is not None:
                    values.extend([None] * (column - len(values)))
                    values[column - 1] = value
            rows.append(values)
            el.clear()
        elif tag == DIMENSION:
            _declared(el.get("ref", ""), check_size)
    return rows


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def _declared(ref: str, check_size) -> None:
    """The size the sheet declares (A1:P5001), asked before its rows are read."""
    last = ref.split(":")[-1]
    letters = LETTERS.match(last)
    digits = last[letters.end():] if letters else ""
    if letters and digits.isdigit():
        check_size(rows=int(digits), columns=_column_index(letters.group()))


def _value(cell, shared, dates, epoch, from_excel):
    kind = cell.get("t", "n")
    text = None
    for child in cell:  # <v>, or <is> for an inline string (<f>, a formula, is skipped)
        tag = child.tag
        if tag == VALUE:
            text = child.text
        elif tag == INLINE:
            return _text(child)
    if not text:
        return None
    if kind == "s":
        return shared[int(text)]
    if kind == "n":
        number = float(text) if any(c in text for c in ".eE") else int(text)
        style = cell.get("s")
        if style and int(style) in dates:
            try:
                return from_excel(number, epoch)
            except (OverflowError, ValueError):
                return "#VALUE!"  # as openpyxl reads a date out of Excel's range
        return number
    if kind == "b":
        return text == "1"
    if kind == "d":
        from openpyxl.utils.datetime import from_ISO8601

        return from_ISO8601(text)
    return text  # "str" (a formula's text), "e" (an error such as #N/A)
