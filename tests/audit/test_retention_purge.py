"""Events are kept at least 180 days; the daily job purges older ones and records that it
did; a shorter setting is refused."""

import pytest
from django.core.checks import run_checks

from audit.choices import EventKind
from audit.models import AuditEvent
from audit.services import audit_events_purge
from audit.tasks import purge_expired_events

from ..factories import audit_event_aged


def event_aged(days):
    return audit_event_aged(days, kind=EventKind.LOGIN, username=f"aged{days}")


@pytest.mark.django_db
def test_the_job_purges_events_older_than_180_days_only():
    event_aged(181)
    event_aged(179)
    assert purge_expired_events.delay().get() == 1
    assert set(AuditEvent.objects.values_list("username", flat=True)) >= {"aged179"}
    assert not AuditEvent.objects.filter(username="aged181").exists()


@pytest.mark.django_db
def test_the_purge_records_itself():
    event_aged(400)
    audit_events_purge()
    purge = AuditEvent.objects.get(kind=EventKind.PURGE)
    assert purge.detail["deleted"] == 1 and purge.detail["retention_days"] == 180


@pytest.mark.django_db
def test_a_longer_retention_keeps_more(settings):
    settings.AUDIT_RETENTION_DAYS = 365
    event_aged(200)
    assert audit_events_purge() == 0


@pytest.mark.django_db
def test_a_retention_under_180_days_is_refused(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    event_aged(100)
    with pytest.raises(ValueError, match="180"):
        audit_events_purge()
    assert AuditEvent.objects.filter(username="aged100").exists()
    assert "audit.E001" in [message.id for message in run_checks()]


def test_the_default_settings_pass_the_check():
    assert "audit.E001" not in [message.id for message in run_checks()]
