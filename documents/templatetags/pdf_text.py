"""`clip`: a long text printed in part, saying how long it is and where the rest is.

WeasyPrint's cost grows much faster than a table cell's text: one cell of the ledger took
seconds, then minutes, as its text doubled (bench/README.md; an unbroken run of Latin
letters is worse), and a 50,000-character request never finished.
Printing at most `limit` characters keeps every cell's cost small, whatever older rows or a
direct write hold; the full text stays in the system and the .xlsx.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()

CELL_LIMIT = 500  # characters printed of a table cell: a long request, in about half a page


@register.filter
def clip(value, limit: int = CELL_LIMIT):
    """`value` if it is not a text longer than `limit`; else its start and a note."""
    limit = int(limit)
    if not isinstance(value, str) or len(value) <= limit:
        return value
    return _("%(start)s……（全文共%(n)s字，见系统）") % {"start": value[:limit], "n": len(value)}
