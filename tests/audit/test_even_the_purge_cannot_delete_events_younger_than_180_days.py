"""The retention purge is the one way events leave the trail, and even it cannot delete an
event younger than 180 days: the database refuses it by its own clock, whatever cutoff the
application computes; the purge's permit ends with the purge (audit/triggers.py;
等级保护 三级: the trail is kept at least six months)."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from audit.choices import EventKind
from audit.models import AuditEvent
from audit.triggers import purge_permitted

from ..factories import audit_event_aged


@pytest.fixture
def trail(db):
    for days in (400, 181, 179, 0):
        audit_event_aged(days, kind=EventKind.LOGIN, username=f"aged{days}")


def usernames():
    return set(AuditEvent.objects.values_list("username", flat=True))


def delete(username):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE username = %s", [username])


def test_a_purge_with_a_wrong_cutoff_still_keeps_180_days(trail):
    assert AuditEvent.objects.purge_older_than(timezone.now()) == 2
    assert usernames() == {"aged179", "aged0"}


def test_under_the_permit_the_database_still_refuses_a_recent_event(trail):
    with pytest.raises(IntegrityError, match="180"), transaction.atomic():
        with purge_permitted():
            delete("aged179")
    with purge_permitted():
        delete("aged181")
    assert usernames() == {"aged400", "aged179", "aged0"}


def test_the_permit_ends_with_the_purge(trail):
    with purge_permitted():
        delete("aged400")
    with pytest.raises(IntegrityError, match="审计记录不可删除"), transaction.atomic():
        delete("aged181")
    assert usernames() == {"aged181", "aged179", "aged0"}
