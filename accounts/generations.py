"""Cached results that are never stale: each is keyed by the generations of the tables it
was computed from.

A trigger on each watched table records every statement that writes to it (insert, update,
delete, truncate), in the writing transaction: the ORM, bulk writes, imports, the admin and
raw SQL alike, so no code path has to remember to invalidate anything. A cached result's key
holds the generations of every table it read: after a write to any of them commits, the next
request computes afresh, and a reader never sees a result older than the data it could read
itself.

A table's generation is the count and the sum of its rows in `TableGeneration`. On
PostgreSQL each writing transaction has a row of its own per table (keyed by its
transaction id), whose random token each of its statements renews: writers never wait for
one another, and what a transaction wrote shows in the generation exactly when it commits
(a rolled-back write, or savepoint, leaves no trace). SQLite runs one writer at a time, so
there a table keeps a single row, replaced by each write. `compact()` (beat, every few
minutes) folds a table's rows into one new row, which changes its generation once.

Tokens are random 62-bit numbers, never reused: a restored backup or a rolled-back write
cannot make an old entry current again (two generations of a table agree by chance with a
probability of about 2^-62).

Costs: one query per cached read, and one upsert of the writer's own row per write statement
on a watched table.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Sum

from .models import TableGeneration

T = TypeVar("T")

# Every table a cached result may depend on has the trigger (migrations install it for
# exactly these; tests/accounts/test_generations.py checks each has it).
WATCHED = (
    "regions_district",
    "regions_town",
    "members_sector",
    "members_member",
    "members_constituent",
    "workrooms_workroom",
    "workrooms_workroom_members",
    "receptions_reception",
    "receptions_reception_members",
    "receptions_notice",
    "receptions_membercalendarfeed",
    "receptions_districtreceptionrule",
    "receptions_holiday",
    "receptions_calendaryear",
    "scoring_quotarule",
    "scoring_membertally",
)
KEEP_SECONDS = 24 * 60 * 60  # entries are never stale; this only lets unused ones go
TOKEN_BITS = 62


def generations(tables: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Each table's (rows, sum of tokens), in order; (0, 0) for one not written yet."""
    unwatched = set(tables) - set(WATCHED)
    if unwatched:
        raise ValueError(f"not watched by a trigger: {sorted(unwatched)}")
    found = {
        row["table"]: (row["n"], int(row["total"]))
        for row in TableGeneration.objects.filter(table__in=tables).order_by()
        .values("table").annotate(n=Count("id"), total=Sum("token"))
    }
    return tuple(found.get(table, (0, 0)) for table in tables)


class At:
    """Some tables' generations, read once (one query): the keys and cached results of
    everything a request computes from those tables."""

    def __init__(self, tables: Sequence[str]):
        self.state = generations(tables)

    def key(self, name: str, *parts) -> str:
        """A cache key for `name` with `parts` at these generations. The database is part of
        it: two databases never share an entry."""
        database = (connection.settings_dict.get("HOST"), connection.settings_dict.get("NAME"))
        digest = hashlib.sha256(repr((database, parts, self.state)).encode()).hexdigest()
        return f"gen:{name}:{digest[:40]}"

    def cached(self, name: str, *parts, compute: Callable[[], T]) -> T:
        """`compute()`'s result for these parts, computed again only after one of the tables
        was written. `compute` must read nothing but them (and what `parts` name)."""
        entry = self.key(name, *parts)
        found = cache.get(entry)
        if found is None:
            found = compute()
            cache.set(entry, found, KEEP_SECONDS)
        return found


def at(tables: Sequence[str]) -> At:
    return At(tables)


def compact(tables: Sequence[str] = WATCHED) -> int:
    """Fold each table's rows into one new row (its generation changes once); rows of
    transactions still running are left for the next time. Returns the rows removed."""
    removed = 0
    for table in tables:
        with transaction.atomic():
            removed += TableGeneration.objects.filter(table=table).delete()[0]
            TableGeneration.objects.create(table=table, txid=None, token=_token())
    return removed


def _token() -> int:
    return secrets.randbits(TOKEN_BITS)


# --- the triggers (installed by migrations) ---------------------------------------------------

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION accounts_table_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO accounts_tablegeneration ("table", txid, token)
    VALUES (TG_TABLE_NAME, txid_current(), floor(random() * {2 ** TOKEN_BITS}::numeric)::bigint)
    ON CONFLICT ("table", txid) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$
"""
OPS = ("INSERT", "UPDATE", "DELETE")


def trigger_sql(vendor: str, table: str) -> list[str]:
    """The statements that make every write to `table` change its generation."""
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS accounts_generation ON "{table}"',
            f'CREATE TRIGGER accounts_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
            f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION accounts_table_written()',
        ]
    if vendor == "sqlite":  # row triggers only: one per kind of write; one writer at a time
        return [
            f'DROP TRIGGER IF EXISTS "accounts_generation_{table}_{op.lower()}"' for op in OPS
        ] + [
            f'CREATE TRIGGER "accounts_generation_{table}_{op.lower()}" AFTER {op} ON "{table}" '
            f"BEGIN DELETE FROM accounts_tablegeneration WHERE \"table\" = '{table}'; "
            f'INSERT INTO accounts_tablegeneration ("table", txid, token) '
            f"VALUES ('{table}', NULL, random() & {2 ** TOKEN_BITS - 1}); END"
            for op in OPS
        ]
    raise NotImplementedError(f"no generation triggers for {vendor}")


def drop_trigger_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS accounts_generation ON "{table}"']
    return [f'DROP TRIGGER IF EXISTS "accounts_generation_{table}_{op.lower()}"' for op in OPS]
