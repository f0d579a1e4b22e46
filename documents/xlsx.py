"""Excel workbooks for every export: one sheet per section, formula injection neutralised."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

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
