"""Substring search over cases that an index can serve, on PostgreSQL.

The admin's search is a substring match (`UPPER(content) LIKE UPPER('%路灯%')`), which no
B-tree or trigram index can serve for a two-character Chinese word, so a district's search read
every case of the district (bench/README.md). Each case also keeps `search_text`: the
overlapping character pairs (bigrams) of its content and community, uppercased, e.g. 小区门口路灯
-> "小区 区门 门口 口路 路灯". A query's bigrams must all be among those of any case that
contains it, so a GIN index over `to_tsvector('simple', search_text)` narrows the search to
candidates, and the admin's own LIKE then keeps the exact matches: the results are the same
as without the index, found without reading every case.

Runs are split into Chinese characters and ASCII letters and digits on both sides, so a pair
always lies within one run; anything else (punctuation, full-width forms) ends a run, which
only ever drops pairs from the query, never from a case that matches. A term of one
character has no pair and is searched by LIKE alone.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from members.search import HAN

RUNS = re.compile(f"[{HAN}]+|[0-9A-Z]+")
INDEX_EXPRESSION = "to_tsvector('simple'::regconfig, \"cases_case\".\"search_text\")"


def bigrams(text: str) -> list[str]:
    out = []
    for run in RUNS.findall((text or "").upper()):
        out += [run[i:i + 2] for i in range(len(run) - 1)]
    return out


def search_text(*texts: str) -> str:
    """What a case stores: each distinct pair of its searchable texts, space-separated."""
    return " ".join(dict.fromkeys(pair for text in texts for pair in bigrams(text)))


def case_search_text(case) -> str:
    return search_text(case.content, case.community)


def narrowed(queryset, terms: list[str]):
    """Cases that may contain every term (a superset of the LIKE matches), by the index.
    A term also matches through its topic's name, which is not in `search_text`."""
    if connection.vendor != "postgresql":
        return queryset
    from .models import Topic

    for term in terms:
        pairs = bigrams(term)
        if not pairs:
            continue
        by_text = RawSQL(
            f"{INDEX_EXPRESSION} @@ plainto_tsquery('simple'::regconfig, %s)",
            [" ".join(dict.fromkeys(pairs))], output_field=BooleanField(),
        )
        topics = list(Topic.objects.filter(name__icontains=term).values_list("pk", flat=True))
        queryset = queryset.filter(Q(by_text) | Q(topic_id__in=topics))
    return queryset
