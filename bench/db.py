"""The benchmark's own PostgreSQL databases: their names, creation, dropping, and COPY.

Only databases whose name starts with ``cppcc_bench`` are ever created or dropped here;
``cppcc`` (the product's) and ``test_*`` (pytest-django's) are refused outright.
"""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import urlsplit, urlunsplit

PREFIX = "cppcc_bench"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cppcc_bench_s{scale}"


class RefusedDatabase(Exception):
    pass


def url_for(scale: int, template: str | None = None) -> str:
    template = template or os.environ.get("BENCH_DATABASE_URL_TEMPLATE", DEFAULT_URL)
    return template.format(scale=scale)


CACHE_URL = "redis://127.0.0.1:6379/3?key_prefix=cppcc_bench_s{scale}"


def cache_url_for(scale: int) -> str:
    return os.environ.get("BENCH_CACHE_URL_TEMPLATE", CACHE_URL).format(scale=scale)


def empty_cache() -> None:
    """Forget what an earlier run cached (this process's settings name the scale's cache)."""
    from django.core.cache import cache

    cache.clear()


def name_of(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def check_name(url: str) -> str:
    name = name_of(url)
    if not name.startswith(PREFIX) or name == "cppcc" or name.startswith("test_"):
        raise RefusedDatabase(
            f"refusing database {name!r}: the benchmark only uses databases named {PREFIX}*"
        )
    return name


def _admin_connection(url: str):
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(admin, autocommit=True)


def exists(url: str) -> bool:
    with _admin_connection(url) as conn:
        row = conn.execute("select 1 from pg_database where datname = %s", [name_of(url)])
        return row.fetchone() is not None


DROP_SQL = "drop database if exists {} with (force)"


def recreate(url: str) -> None:
    from psycopg import sql

    name = check_name(url)
    DROP = sql.SQL(DROP_SQL)
    with _admin_connection(url) as conn:
        conn.execute(DROP.format(sql.Identifier(name)))
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


def drop(url: str) -> None:
    from psycopg import sql

    name = check_name(url)
    DROP = sql.SQL(DROP_SQL)
    with _admin_connection(url) as conn:
        conn.execute(DROP.format(sql.Identifier(name)))


# --- COPY ----------------------------------------------------------------------------------

STAMP = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


class Table:
    """COPY rows into one model's table (or an M2M through table) with psycopg 3.

    `fields` names the values each row gives, in order; every other concrete column gets
    the field's default once (auto_now columns a fixed stamp), so a field another
    engineer adds with a default does not break the generator.
    """

    def __init__(self, model, fields: list[str]):
        from django.db.models import JSONField

        opts = model._meta
        self.table = opts.db_table
        given = [opts.get_field(name) for name in fields]
        rest = [
            f for f in opts.concrete_fields
            if f.name not in fields and f.attname not in fields and not f.primary_key
        ]
        self.columns = [f.column for f in given] + [f.column for f in rest]
        self.tail = tuple(_default(f) for f in rest)
        self.json = [i for i, f in enumerate(given) if isinstance(f, JSONField)]
        # Fields of our own (encrypted personal data…) store what their own prep makes.
        self.prep = [(i, f) for i, f in enumerate(given)
                     if not type(f).__module__.startswith("django.")]
        if any(isinstance(f, JSONField) for f in rest):
            from psycopg.types.json import Jsonb

            pairs = zip(rest, self.tail, strict=True)
            self.tail = tuple(Jsonb(v) if isinstance(f, JSONField) else v for f, v in pairs)

    def copy(self, rows) -> int:
        from django.db import connection
        from psycopg import sql
        from psycopg.types.json import Jsonb

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(self.table), sql.SQL(", ").join(map(sql.Identifier, self.columns))
        )
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                if self.json or self.prep:
                    row = list(row)
                    for i in self.json:
                        row[i] = Jsonb(row[i])
                    for i, f in self.prep:
                        row[i] = f.get_db_prep_save(row[i], connection)
                copy.write_row(tuple(row) + self.tail)
                count += 1
        return count


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return STAMP
    if field.has_default():
        value = field.get_default()
        return value.value if hasattr(value, "value") else value
    if field.null:
        return None
    return "" if field.get_internal_type() in {"CharField", "TextField", "FileField",
                                               "ImageField", "EmailField", "SlugField"} else None


def copy_rows(model, fields: list[str], rows) -> int:
    return Table(model, fields).copy(rows)


def m2m_rows(model, field_name: str, pairs) -> int:
    """COPY (owner_id, other_id) pairs into an M2M through table; ids come from the serial."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    owner = field.m2m_field_name()
    other = field.m2m_reverse_field_name()
    return copy_rows(through, [owner, other], pairs)


def reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# --- bulk loading without per-row foreign-key triggers ------------------------------------


def triggers_off() -> None:
    """COPY without PostgreSQL's per-row foreign-key triggers (superuser only): at scale 10
    their deferred checks cost minutes. `verify_foreign_keys` checks every key afterwards."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")


def triggers_on() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = origin")


def verify_foreign_keys(models) -> int:
    """Every foreign key of these tables points at an existing row (one anti-join per key);
    raises on the first orphan. Returns the number of keys checked."""
    from django.db import connection

    checked = 0
    with connection.cursor() as cursor:
        for model in models:
            for field in model._meta.concrete_fields:
                if not field.is_relation or not field.db_constraint:
                    continue
                target = field.target_field
                sql = (f'SELECT count(*) FROM "{model._meta.db_table}" c LEFT JOIN '
                       f'"{target.model._meta.db_table}" p ON c."{field.column}" = '
                       f'p."{target.column}" WHERE c."{field.column}" IS NOT NULL '
                       f'AND p."{target.column}" IS NULL')
                cursor.execute(sql)
                orphans = cursor.fetchone()[0]
                if orphans:
                    raise RuntimeError(f"{orphans} rows of {model._meta.label}.{field.name} "
                                       "point at nothing")
                checked += 1
    return checked
