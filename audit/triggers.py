"""The database itself keeps the audit trail: triggers on `audit_auditevent` refuse every
UPDATE, DELETE and TRUNCATE, whoever sends it (the ORM, `_base_manager`, raw SQL, a database
shell), except the retention purge's DELETE of events older than MIN_RETENTION_DAYS
(等级保护 三级: audit records are kept at least six months).

The purge asks for a permit inside its own transaction (`purge_permitted`), and the permit
ends with it:
- PostgreSQL: `set_config('audit.purge', 'on', true)`, a setting local to the transaction;
- SQLite has no session settings and its triggers cannot read temporary tables: a row in the
  one-row table `audit_purge_permit` (not a model: never dumped, never flushed), written and
  removed again in the purge's transaction. SQLite runs one writer at a time, so no other
  connection ever sees the row.

Even with the permit the triggers refuse an event younger than MIN_RETENTION_DAYS by the
database's own clock, so no setting, permit or clock of the application deletes a recent
event. UPDATE and TRUNCATE are always refused: `restore` merges the trail instead of emptying
it, and the test suite lifts the guard only around Django's own flush (tests/conftest.py).

What triggers cannot stop: the table's owner may drop them. Production connects as a role
that does not own the audit table (docs/access-and-audit.md).
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connections, transaction

# Part of the trigger's text: a new minimum needs a migration that installs it again.
MIN_RETENTION_DAYS = 180

TABLE = "audit_auditevent"
UPDATE_REFUSED = "审计记录不可修改。"
DELETE_REFUSED = f"审计记录不可删除：只有保留期清理可删除{MIN_RETENTION_DAYS}天前的记录。"
TRUNCATE_REFUSED = "审计记录不可清空。"

POSTGRES_INSTALL = [
    f"""
CREATE OR REPLACE FUNCTION audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('audit.purge', true) = 'on'
           AND OLD."at" < now() - interval '{MIN_RETENTION_DAYS} days' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION '{DELETE_REFUSED}' USING ERRCODE = 'integrity_constraint_violation';
    ELSIF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION '{UPDATE_REFUSED}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RAISE EXCEPTION '{TRUNCATE_REFUSED}' USING ERRCODE = 'integrity_constraint_violation';
END $$
""",
    f'CREATE TRIGGER audit_event_guard BEFORE UPDATE OR DELETE ON "{TABLE}" '
    f"FOR EACH ROW EXECUTE FUNCTION audit_event_guard()",
    f'CREATE TRIGGER audit_event_guard_truncate BEFORE TRUNCATE ON "{TABLE}" '
    f"FOR EACH STATEMENT EXECUTE FUNCTION audit_event_guard()",
]
POSTGRES_REMOVE = [
    f'DROP TRIGGER IF EXISTS audit_event_guard ON "{TABLE}"',
    f'DROP TRIGGER IF EXISTS audit_event_guard_truncate ON "{TABLE}"',
    "DROP FUNCTION IF EXISTS audit_event_guard()",
]

# SQLite has no TRUNCATE (Django's flush sends DELETE); times are stored as UTC text
# ('YYYY-MM-DD HH:MM:SS.ffffff'), which compares in order with datetime('now', ...).
SQLITE_INSTALL = [
    "CREATE TABLE IF NOT EXISTS audit_purge_permit (id integer PRIMARY KEY CHECK (id = 1))",
    f'CREATE TRIGGER audit_event_guard_update BEFORE UPDATE ON "{TABLE}" '
    f"BEGIN SELECT RAISE(ABORT, '{UPDATE_REFUSED}'); END",
    f'CREATE TRIGGER audit_event_guard_delete BEFORE DELETE ON "{TABLE}" '
    f"WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permit) "
    f"OR OLD.\"at\" >= datetime('now', '-{MIN_RETENTION_DAYS} days') "
    f"BEGIN SELECT RAISE(ABORT, '{DELETE_REFUSED}'); END",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_guard_update",
    "DROP TRIGGER IF EXISTS audit_event_guard_delete",
    "DROP TABLE IF EXISTS audit_purge_permit",
]

PERMIT = {
    "postgresql": ("SELECT set_config('audit.purge', 'on', true)",
                   "SELECT set_config('audit.purge', 'off', true)"),
    "sqlite": ("INSERT INTO audit_purge_permit (id) VALUES (1)",
               "DELETE FROM audit_purge_permit"),
}


def guard_install(connection) -> None:
    """Install the triggers (the migration; the test suite after Django's flush)."""
    guard_remove(connection)
    _execute(connection, _statements(connection.vendor, POSTGRES_INSTALL, SQLITE_INSTALL))


def guard_remove(connection) -> None:
    _execute(connection, _statements(connection.vendor, POSTGRES_REMOVE, SQLITE_REMOVE))


@contextmanager
def purge_permitted(using: str = "default"):
    """One transaction in which the database lets old events be deleted (the purge only).
    The permit is withdrawn before the block ends, also inside a longer transaction."""
    connection = connections[using]
    grant, withdraw = PERMIT[connection.vendor]
    with transaction.atomic(using=using):
        _execute(connection, [grant])
        yield
        _execute(connection, [withdraw])


def _statements(vendor: str, postgres: list[str], sqlite: list[str]) -> list[str]:
    if vendor == "postgresql":
        return postgres
    if vendor == "sqlite":
        return sqlite
    raise NotImplementedError(f"no audit trail guard for {vendor}")


def _execute(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
