"""An audit event outlives the login it names (the username is kept, docs/access-and-audit.md):
a backup taken after a login was deleted still holds its events, and a restore brings them
back with the same user id."""

import pytest
from django.core.management import call_command

from audit.choices import EventKind
from audit.models import AuditEvent
from audit.services import audit_record

from ..factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_a_deleted_logins_events_are_backed_up_and_restored(personas, tmp_path, empty_database):
    temp = UserFactory(username="temp")
    event, temp_id = audit_record(kind=EventKind.LOGIN, user=temp), temp.pk
    temp.delete()

    call_command("backup", output=tmp_path / "b")
    empty_database()
    call_command("restore", input=tmp_path / "b")

    restored = AuditEvent.objects.get(pk=event.pk)
    assert (restored.username, restored.user_id, restored.kind) == ("temp", temp_id, "login")
