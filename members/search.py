"""Substring search that an index can serve, on PostgreSQL: the member and the case admins.

The admin searches with `UPPER(x) LIKE UPPER('%陈%')`. The commonest searches are a surname
(one character) and a two-character word (路灯), which no B-tree, trigram or character-pair
index serves, so a district's search read every member or case. An expression index holds
each row's characters (`string_to_array(..., NULL)` splits a text into them): a row matching
a term has all of the term's characters among its own, so the index narrows the search to
candidates and the admin's own LIKE keeps the exact matches. The results are the same as
without the index; no column is added, so no write path has to keep one.

Each searched model has its index, created by a migration over the same columns in the
same order as its admin passes to `narrowed` (members_member_search_chars over name, work
unit and post; cases_case_search_chars over content and community).

Only Chinese characters and ASCII letters and digits are looked up (uppercased as both
Python and PostgreSQL do for them); any other character of a term is left to the LIKE,
which only ever widens the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

# The characters an index looks up: Chinese (CJK ideographs and their extensions and
# compatibility forms); with ASCII letters and digits (uppercased) beside them.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CHARACTERS = re.compile(f"[{HAN}0-9A-Z]")


def characters(term: str) -> list[str]:
    return sorted(set(CHARACTERS.findall(term.upper())))


def index_expression(table: str, columns: tuple[str, ...]) -> str:
    """The indexed expression: the columns' texts joined by spaces, uppercased, split into
    characters (the migration's CREATE INDEX spells the same expression)."""
    joined = " || ' ' || ".join(f'"{table}"."{column}"' for column in columns)
    return f"string_to_array(upper({joined}), NULL)"


def narrowed(queryset, terms: list[str], columns: tuple[str, ...],
             elsewhere: Callable[[str], Q] | None = None):
    """Rows that may match every term (a superset of the LIKE matches), by the index over
    `columns`. `elsewhere(term)` adds the rows that match a term through a searched field
    the index does not hold (a related row's name)."""
    if connection.vendor != "postgresql":
        return queryset
    expression = index_expression(queryset.model._meta.db_table, columns)
    for term in terms:
        wanted = characters(term)
        if not wanted:
            continue
        found = Q(RawSQL(f"{expression} @> %s::text[]", [wanted], output_field=BooleanField()))
        if elsewhere:
            found |= elsewhere(term)
        queryset = queryset.filter(found)
    return queryset
