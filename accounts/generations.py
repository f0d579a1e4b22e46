"""Cached results that are never stale: each is keyed by the generations of the tables it
was computed from (issue 8).

A trigger on each watched table gives the table a new random token whenever a statement
writes to it (insert, update, delete, truncate), in the same transaction as the write. The
ORM, bulk writes, imports, the admin and raw SQL are all covered, so no code path has to
remember to invalidate anything. A cached result's key holds the tokens of every table it
read: after a write to any of them the next request computes afresh, and a reader never
sees a result older than the data it could read itself. Tokens are random and never
reused, so neither a rolled-back write nor a restored backup can make an old entry current.

Costs: one query per cached read (the tokens), and one upsert per write statement on a
watched table, whose row lock is held until that transaction commits (concurrent writers
to one table queue there briefly).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from .models import TableGeneration

T = TypeVar("T")

# Every table a cached result may depend on has the trigger (migrations install it for
# exactly these; tests/accounts/test_generations.py writes to each and sees its token change).
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


def tokens(tables: Sequence[str]) -> tuple[str, ...]:
    """The tables' current tokens, in order ("" for a table not written since it was watched)."""
    unwatched = set(tables) - set(WATCHED)
    if unwatched:
        raise ValueError(f"not watched by a trigger: {sorted(unwatched)}")
    found = dict(TableGeneration.objects.filter(table__in=tables).values_list("table", "token"))
    return tuple(found.get(table, "") for table in tables)


def key(name: str, tables: Sequence[str], *parts) -> str:
    """A cache key for `name` with `parts`, at the tables' current generations (one query).
    The database is part of it: two databases never share an entry."""
    database = (connection.settings_dict.get("HOST"), connection.settings_dict.get("NAME"))
    digest = hashlib.sha256(repr((database, parts, tokens(tables))).encode()).hexdigest()
    return f"gen:{name}:{digest[:40]}"


def cached(name: str, tables: Sequence[str], *parts, compute: Callable[[], T]) -> T:
    """`compute()`'s result for these parts, computed again only after one of `tables` was
    written. `compute` must read nothing but those tables (and what `parts` name)."""
    entry = key(name, tables, *parts)
    found = cache.get(entry)
    if found is None:
        found = compute()
        cache.set(entry, found, KEEP_SECONDS)
    return found


# --- the triggers (installed by migrations) ---------------------------------------------------

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION accounts_table_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO accounts_tablegeneration ("table", token)
    VALUES (TG_TABLE_NAME, gen_random_uuid()::text)
    ON CONFLICT ("table") DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$
"""


def trigger_sql(vendor: str, table: str) -> list[str]:
    """The statements that make every write to `table` give it a new token."""
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS accounts_generation ON "{table}"',
            f'CREATE TRIGGER accounts_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
            f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION accounts_table_written()',
        ]
    if vendor == "sqlite":  # row triggers only: one per kind of write
        return [
            f'DROP TRIGGER IF EXISTS "accounts_generation_{table}_{op.lower()}"' for op in OPS
        ] + [
            f'CREATE TRIGGER "accounts_generation_{table}_{op.lower()}" AFTER {op} ON "{table}" '
            f"BEGIN INSERT INTO accounts_tablegeneration (\"table\", token) "
            f"VALUES ('{table}', lower(hex(randomblob(16)))) "
            f'ON CONFLICT ("table") DO UPDATE SET token = excluded.token; END'
            for op in OPS
        ]
    raise NotImplementedError(f"no generation triggers for {vendor}")


OPS = ("INSERT", "UPDATE", "DELETE")


def drop_trigger_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS accounts_generation ON "{table}"']
    return [f'DROP TRIGGER IF EXISTS "accounts_generation_{table}_{op.lower()}"' for op in OPS]


def renew_all() -> None:
    """Give every watched table a new token: after loading rows with triggers off (the
    benchmark's generator writes with session_replication_role = replica)."""
    import uuid

    for table in WATCHED:
        TableGeneration.objects.update_or_create(table=table,
                                                 defaults={"token": uuid.uuid4().hex})
