"""No code path of the product changes or deletes an audit event."""

import pytest

from audit.choices import EventKind
from audit.models import AuditEvent, AuditTrailIsPermanent


@pytest.fixture
def event(db):
    return AuditEvent.objects.create(kind=EventKind.LOGIN, username="city")


def test_an_event_refuses_delete(event):
    with pytest.raises(AuditTrailIsPermanent):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_queryset_of_events_refuses_delete(event):
    with pytest.raises(AuditTrailIsPermanent):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 1


def test_events_refuse_update(event):
    with pytest.raises(AuditTrailIsPermanent):
        AuditEvent.objects.update(username="someone-else")
    event.username = "someone-else"
    with pytest.raises(AuditTrailIsPermanent):
        event.save()
    event.refresh_from_db()
    assert event.username == "city"


def test_deleting_a_login_leaves_its_trail_as_it_was(event, django_user_model):
    user = django_user_model.objects.create_user("temp", password="Temp-Passw0rd!")
    kept = AuditEvent.objects.create(kind=EventKind.LOGIN, user=user, username="temp")
    user.delete()
    kept = AuditEvent.objects.get(pk=kept.pk)
    assert kept.username == "temp" and kept.user_id is not None
