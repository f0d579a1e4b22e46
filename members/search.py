"""Substring search over members that an index can serve, on PostgreSQL.

The admin searches a member's name, work unit and post with `UPPER(x) LIKE UPPER('%陈%')`.
The commonest search is a surname, one character, which no B-tree, trigram or character-pair
index serves, so a district's search walked every member of the city. An expression index
holds each member's characters (`string_to_array(..., NULL)` splits a text into them): a
member matching a term has all of the term's characters among theirs, so the index narrows
the search to candidates and the admin's own LIKE keeps the exact matches. The results are
the same as without the index; no column is added, so no write path has to keep one.

Only Chinese characters and ASCII letters and digits are looked up (uppercased as both
Python and PostgreSQL do for them); any other character of a term is left to the LIKE,
which only ever widens the candidates.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

# The characters an index looks up: Chinese (CJK ideographs and their extensions and
# compatibility forms); with ASCII letters and digits (uppercased) beside them.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CHARACTERS = re.compile(f"[{HAN}0-9A-Z]")
# The expression of the index members_member_search_chars (migration 0006); keep them equal.
INDEX_EXPRESSION = (
    "string_to_array(upper(\"members_member\".\"name\" || ' ' || \"members_member\".\"work_unit\""
    " || ' ' || \"members_member\".\"post\"), NULL)"
)


def characters(term: str) -> list[str]:
    return sorted(set(CHARACTERS.findall(term.upper())))


def narrowed(queryset, terms: list[str]):
    """Members that may match every term (a superset of the LIKE matches), by the index."""
    if connection.vendor != "postgresql":
        return queryset
    for term in terms:
        wanted = characters(term)
        if wanted:
            queryset = queryset.filter(RawSQL(
                f"{INDEX_EXPRESSION} @> %s::text[]", [wanted], output_field=BooleanField()
            ))
    return queryset
