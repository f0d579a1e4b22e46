"""The database itself refuses to change or delete an audit event, whatever sends the
statement: Django's base manager (past the product's own manager, which refuses first),
raw SQL, emptying the table. An event kept past 180 days is refused too, outside the
retention purge (audit/triggers.py; 等级保护 三级: the trail is kept at least six months)."""

import pytest
from django.db import IntegrityError, connection, transaction

from audit.choices import EventKind
from audit.models import AuditEvent
from audit.services import audit_record

from ..factories import audit_event_aged


@pytest.fixture
def trail(db):
    audit_record(kind=EventKind.LOGIN, username="city")
    audit_event_aged(400, kind=EventKind.EXPORT, username="old")
    return trail_now()


def trail_now():
    return list(AuditEvent.objects.order_by("pk").values_list("pk", "at", "username", "kind"))


def refused(statement):
    # A savepoint of its own: the refusal rolls back only the statement, not the test.
    with pytest.raises(IntegrityError, match="审计记录不可"), transaction.atomic():
        statement()


def raw(sql):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql)

    return run


def test_the_base_manager_can_neither_delete_nor_update_events(trail):
    refused(lambda: AuditEvent._base_manager.all().delete())
    refused(lambda: AuditEvent._base_manager.filter(username="old").delete())
    refused(lambda: AuditEvent._base_manager.update(username="someone-else"))
    assert trail_now() == trail


def test_raw_sql_can_neither_update_delete_nor_empty_the_trail(trail):
    statements = [
        "UPDATE audit_auditevent SET username = 'someone-else'",
        "UPDATE audit_auditevent SET at = at WHERE username = 'old'",
        "DELETE FROM audit_auditevent",
        "DELETE FROM audit_auditevent WHERE username = 'old'",
    ]
    if connection.vendor == "postgresql":
        statements.append("TRUNCATE audit_auditevent")
    for sql in statements:
        refused(raw(sql))
    assert trail_now() == trail
