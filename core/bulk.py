"""Writing thousands of new rows at once: COPY on PostgreSQL, bulk_create elsewhere.

Django's bulk_create prepares every value of every row through its field (several calls
each) and sends the rows as one statement of arrays that the driver quotes value by value;
for a roster of thousands that is most of the import (bench/README.md). COPY takes the rows
as they are. Only values that need their field's own preparation (a file's name, our own
fields such as encrypted text) go through it; choices are written as their value.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence

from django.db import connection, models

# Fields whose Python value is what the column stores (psycopg adapts it as it is).
PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField,
         models.DateField, models.ForeignKey, models.DecimalField, models.FloatField)


def _plain(field) -> bool:
    return (isinstance(field, PLAIN) and not isinstance(field, models.FileField)
            and type(field).__module__.startswith("django.")
            and not getattr(field, "auto_now", False)
            and not getattr(field, "auto_now_add", False))


def copy_create(model, objs: list) -> list:
    """Insert `objs`, unsaved instances of `model` with no pk, as bulk_create does (no
    save(), no signals); each gets its pk, taken from the table's sequence before the COPY."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs)
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
    fields = [f for f in opts.concrete_fields if not getattr(f, "generated", False)]
    values = values_of(fields)
    copy_rows(model, [f.attname for f in fields], (values(obj) for obj in objs))
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs


def values_of(fields) -> Callable[[models.Model], list]:
    """A function giving an instance's values of `fields` as COPY writes them."""
    columns = [(f.attname, _how(f)) for f in fields]
    return lambda obj: [_value(obj, attname, how) for attname, how in columns]


def copy_rows(model, attnames: list[str], rows: Iterable[Sequence]) -> None:
    """Insert rows of values (as `values_of` gives them) into `model`'s columns `attnames`;
    other databases build the instances and bulk_create them."""
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(attnames, row, strict=True))) for row in rows])
        return
    from psycopg import sql

    opts = model._meta
    column = {f.attname: f.column for f in opts.concrete_fields}
    columns = [column[name] for name in attnames]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(opts.db_table), sql.SQL(", ").join(map(sql.Identifier, columns)))
    # The driver's errors as Django's (an IntegrityError when a row breaks a constraint).
    with connection.wrap_database_errors, connection.cursor() as cursor, \
            cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _how(field):
    """How a field's value is written: its field (prepared by it), TEXT (as text), None."""
    if not _plain(field):
        return field
    return TEXT if isinstance(field, models.CharField | models.TextField) else None


TEXT = object()


def _value(obj, attname: str, how):
    value = getattr(obj, attname)
    if how is None or value is None:
        return value.value if isinstance(value, enum.Enum) else value
    if how is TEXT:  # a choice or a file's name, as their text (psycopg writes an enum's name)
        return value if type(value) is str else str(value)
    return how.get_db_prep_save(how.pre_save(obj, True), connection)
