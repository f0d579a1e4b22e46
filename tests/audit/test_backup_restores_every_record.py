"""A backup restored into an empty database finds every record and every uploaded file
(procedure in docs/backup.md)."""

import datetime as dt
import gzip

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from accounts.models import User
from audit.choices import EventKind
from audit.models import AuditEvent
from audit.services import audit_record
from backups.services import model_counts
from receptions.models import Reception
from scoring.choices import DutyKind, RecordSource
from scoring.models import TALLY_FIELDS, MemberTally
from scoring.services import duty_record_create

PHOTO = b"\x89PNG\r\n\x1a\n" + b"photo-bytes" * 10


@pytest.fixture(autouse=True)
def fresh_content_type_cache():
    """flush/restore recreate content types inside the test's transaction: forget them."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def records(personas):
    personas.member.photo.save("chen.png", ContentFile(PHOTO))
    Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=dt.date(2026, 3, 15),
        date=dt.date(2026, 3, 16), move_reason="周日顺延", place="北京街工作室",
    ).members.add(personas.member)
    duty_record_create(
        kind=DutyKind.PROPOSAL, members=[personas.member, personas.other_member],
        date=dt.date(2026, 4, 1), title="关于老旧小区加装电梯的提案",
        source=RecordSource.MANUAL, entered_by=personas.economy_staff,
    )
    audit_record(kind=EventKind.EXPORT, user=personas.city, obj=personas.beijing_room,
                 detail={"name": "工作室.xlsx"})
    return personas


def every_row():
    """All rows of every backed-up model, by id (content-type ids may be renumbered)."""
    snapshot = {}
    for label in model_counts():
        model = apps.get_model(label)
        fields = [f.attname for f in model._meta.concrete_fields
                  if not (f.is_relation and f.related_model is ContentType)]
        if model._meta.auto_created:  # an M2M link: its own id is not kept, the pair is
            fields = [name for name in fields if name != "id"]
        rows = model._base_manager.order_by(*fields).values(*fields)
        if model is AuditEvent:
            rows = rows.exclude(kind__in=[EventKind.BACKUP, EventKind.RESTORE])
        snapshot[label] = [{k: to_milliseconds(v) for k, v in row.items()} for row in rows]
    return snapshot


def to_milliseconds(value):
    """Django's JSON serializer keeps times to the millisecond (docs/backup.md)."""
    if isinstance(value, (dt.datetime, dt.time)):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def counted_tallies() -> list[dict]:
    rows = MemberTally.objects.order_by("member", "year").values("member", "year", *TALLY_FIELDS)
    return [row for row in rows if any(row[name] for name in TALLY_FIELDS)]


# A restore empties tables (TRUNCATE): it needs a real transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_has_every_record(
    records, tmp_path, empty_database
):
    before = every_row()
    assert before["members.member"] and before["receptions.reception"]
    assert before["scoring.dutyrecord"] and before["workrooms.workroom_members"]
    tallies = counted_tallies()
    assert tallies  # derived rows: not in the backup, recounted on restore
    call_command("backup", output=tmp_path / "b")

    empty_database()
    photo = records.member.photo
    photo.storage.delete(photo.name)
    assert not User.objects.exists() and not photo.storage.exists(photo.name)

    call_command("restore", input=tmp_path / "b")

    assert every_row() == before
    assert counted_tallies() == tallies
    assert User.objects.get(username="city").check_password("Test-Passw0rd!")
    with photo.storage.open(photo.name) as restored:
        assert restored.read() == PHOTO
    assert AuditEvent.objects.filter(kind=EventKind.RESTORE).exists()


# A restore empties tables (TRUNCATE): it needs a real transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_restoring_over_live_data_needs_replace_and_changes_nothing_without_it(
    records, tmp_path
):
    call_command("backup", output=tmp_path / "b")
    records.member.name = "改过的名字"
    records.member.save()
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", input=tmp_path / "b")
    records.member.refresh_from_db()
    assert records.member.name == "改过的名字"
    call_command("restore", input=tmp_path / "b", replace=True)
    records.member.refresh_from_db()
    assert records.member.name == "陈明"


@pytest.mark.django_db
def test_a_damaged_backup_is_refused_before_anything_is_touched(records, tmp_path):
    call_command("backup", output=tmp_path / "b")
    dump = tmp_path / "b" / "database.json.gz"
    dump.write_bytes(gzip.compress(b"[]"))
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("restore", input=tmp_path / "b", replace=True)
    assert User.objects.filter(username="city").exists()


@pytest.mark.django_db
def test_a_backup_never_overwrites_another(records, tmp_path):
    call_command("backup", output=tmp_path / "b")
    with pytest.raises(CommandError, match="不会覆盖"):
        call_command("backup", output=tmp_path / "b")
