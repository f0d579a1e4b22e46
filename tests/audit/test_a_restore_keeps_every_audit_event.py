"""A restore never loses or rewrites an audit event: the events the database holds (those
written after the backup included) stay as they are, the backup's events (its own
`backup` event included) are added where missing, no event's id goes to another, and the
restore records itself (docs/backup.md; 等级保护 三级: the trail is kept at least six
months)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from audit.choices import EventKind
from audit.models import AuditEvent
from audit.services import audit_record


@pytest.fixture(autouse=True)
def fresh_content_type_cache():
    yield
    ContentType.objects.clear_cache()


def trail() -> dict[int, tuple]:
    """Every event by id, times to the millisecond (what a backup keeps)."""
    return {
        pk: (at.replace(microsecond=at.microsecond // 1000 * 1000), kind, username)
        for pk, at, kind, username in AuditEvent.objects.values_list(
            "pk", "at", "kind", "username"
        )
    }


# A restore empties tables: it needs a real transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_restoring_last_nights_backup_keeps_the_events_written_since(personas, tmp_path):
    audit_record(kind=EventKind.LOGIN, user=personas.city)
    call_command("backup", output=tmp_path / "b")
    assert AuditEvent.objects.filter(kind=EventKind.BACKUP).count() == 1
    audit_record(kind=EventKind.EXPORT, user=personas.city, detail={"name": "工作室.xlsx"})
    audit_record(kind=EventKind.LOGIN_FAILED, username="yuexiu")
    before = trail()

    call_command("restore", input=tmp_path / "b", replace=True)

    after = trail()
    restore = AuditEvent.objects.get(kind=EventKind.RESTORE)
    assert {pk: event for pk, event in after.items() if pk != restore.pk} == before
    assert restore.pk > max(before)
    assert restore.detail["audit_events"]["already_present"] == len(before) - 2
    assert audit_record(kind=EventKind.LOGOUT, user=personas.city).pk > restore.pk


@pytest.mark.django_db(transaction=True)
def test_a_new_server_keeps_its_own_events_and_gains_the_backups(
    personas, tmp_path, empty_database
):
    audit_record(kind=EventKind.LOGIN, user=personas.city)
    call_command("backup", output=tmp_path / "b")
    backed_up = trail()
    empty_database()
    # The new server gave one of the backup's ids to an event of its own.
    taken = min(backed_up)
    AuditEvent.objects.create(pk=taken, kind=EventKind.LOGIN_FAILED, username="new-server")
    own = trail()

    call_command("restore", input=tmp_path / "b")

    after = trail()
    restore = AuditEvent.objects.get(kind=EventKind.RESTORE)
    renumbered = restore.detail["audit_events"]["renumbered"]
    assert list(renumbered) == [str(taken)]
    moved = renumbered[str(taken)]
    assert after[taken] == own[taken]
    assert after[moved] == backed_up[taken]
    assert {pk: after[pk] for pk in backed_up if pk != taken} == {
        pk: event for pk, event in backed_up.items() if pk != taken
    }
    assert set(after) == set(backed_up) | {moved, restore.pk}
