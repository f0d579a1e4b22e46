"""Backup and restore of the whole product: the database and the uploaded files.

A backup is a folder, readable by its owner only (0700, files 0600):
- ``database.json.gz``: every row with its id (dumpdata; content types by natural key),
  portable between SQLite and PostgreSQL, except the audit trail:
- ``audit.json.gz``: the audit events, this backup's own included. A restore adds those the
  database lacks and keeps every event it holds: the trail is never emptied or rewritten
  (audit/triggers.py);
- ``media.tar.gz``: MEDIA_ROOT (members' photos, evidence, notices);
- ``manifest.json``: when, from which database, the row count of every model and the
  SHA-256 of each file, checked again before a restore;
- ``database.pgdump`` (with ``--pg-dump`` on PostgreSQL): pg_dump's custom format.

The backup holds personal data and password hashes: keep it encrypted and access-controlled.
docs/backup.md has the procedure.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from audit.choices import EventKind
from audit.models import AuditEvent
from audit.services import audit_record
from scoring.tallies import tallies_rebuild

DATABASE_FILE = "database.json.gz"
AUDIT_FILE = "audit.json.gz"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"
PG_DUMP_FILE = "database.pgdump"

# Rebuilt by `migrate` itself, or worthless in a restored system, or derived from other rows
# and recounted on restore (scoring.MemberTally: the duty records counted per member and year).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "audit.workerdrill",
            "scoring.membertally"]
AUDIT = "audit.auditevent"
# What a restore leaves in place: the audit trail (merged) and what `migrate` made for this
# very database.
KEPT = [AUDIT, "contenttypes.contenttype", "auth.permission"]


class BackupError(Exception):
    """A backup that cannot be written, or a restore that would not be faithful."""


def backup_create(*, output: Path, pg_dump: bool = False) -> dict:
    """Write a backup of everything into `output`; the backup's own audit event is in it."""
    output = Path(output)
    if (output / MANIFEST_FILE).exists():
        raise BackupError(f"{output} 已有备份，不会覆盖。")
    _private_folder(output)
    outermost = not connection.in_atomic_block
    with transaction.atomic():  # one snapshot: the rows and their counts agree
        # Only the outermost transaction may choose its isolation level (not in a savepoint).
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        audit_record(kind=EventKind.BACKUP, username="manage.py backup",
                     detail={"output": str(output), "pg_dump": pg_dump})
        call_command(
            "dumpdata", "--natural-foreign",
            *[f"--exclude={label}" for label in [*EXCLUDED, AUDIT]],
            output=str(_private_file(output / DATABASE_FILE)), verbosity=0,
        )
        # By id, not natural key: an event outlives the login it names.
        call_command("dumpdata", AUDIT, output=str(_private_file(output / AUDIT_FILE)),
                     verbosity=0)
        counts = model_counts()
    _tar_media(_private_file(output / MEDIA_FILE))
    files = [DATABASE_FILE, AUDIT_FILE, MEDIA_FILE]
    if pg_dump:
        _pg_dump(_private_file(output / PG_DUMP_FILE))
        files.append(PG_DUMP_FILE)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "counts": counts,
        "sha256": {name: _sha256(output / name) for name in files},
    }
    _private_file(output / MANIFEST_FILE).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2)
    )
    return manifest


def backup_restore(*, source: Path, replace: bool = False) -> dict:
    """Load a backup into this (migrated) database, which must hold no accounts unless
    `replace`; every model's row count must then equal the manifest's. The audit trail is
    merged, not replaced, and the restore is recorded in it."""
    source = Path(source)
    manifest = _checked_manifest(source)
    if User.objects.exists() and not replace:
        raise BackupError("数据库中已有数据。恢复会清空现有数据，确认请加 --replace。")
    with transaction.atomic():
        _empty_all_but_kept()
        with _history_off():
            call_command("loaddata", str(source / DATABASE_FILE), exclude=[AUDIT], verbosity=0)
        # Backups made before the trail had a file of its own hold it in the database file.
        trail = source / (AUDIT_FILE if AUDIT_FILE in manifest["sha256"] else DATABASE_FILE)
        merged = _audit_trail_merge(trail)
        tallies_rebuild()
        counts = model_counts()
        counts[AUDIT] = merged["in_backup"]  # the trail also keeps events the backup lacks
        missing = {label: (n, counts.get(label, 0)) for label, n in manifest["counts"].items()
                   if counts.get(label, 0) != n}
        if missing:
            raise BackupError(f"恢复后记录数与备份不符（备份, 恢复）：{missing}")
        audit_record(kind=EventKind.RESTORE, username="manage.py restore", detail={
            "input": str(source), "rows": sum(manifest["counts"].values()),
            "backup_created_at": manifest["created_at"], "audit_events": merged,
        })
    _untar_media(source / MEDIA_FILE)
    return manifest


def _empty_all_but_kept() -> None:
    """Django's flush, minus the tables in KEPT (the triggers refuse to empty the trail)."""
    kept = {apps.get_model(label)._meta.db_table for label in KEPT}
    tables = [table for table in connection.introspection.django_table_names(
        only_existing=True, include_views=False) if table not in kept]
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    )


def _audit_trail_merge(path: Path) -> dict:
    """Add the backup's audit events to the trail this database holds, keeping every event
    of both (the trail is append-only, so an event found under its id is the same event).
    An id that this database gave to another event (a new server used before its restore)
    gets the backup's event under a new id, and the restore's own event says which."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        rows = [row for row in json.load(stream) if row["model"] == AUDIT]
    found = list(serializers.deserialize("python", rows))
    present = AuditEvent.objects.in_bulk([item.object.pk for item in found])
    added, elsewhere = 0, []
    for item in found:
        kept = present.get(item.object.pk)
        if kept is None:
            item.save(force_insert=True)  # raw: the event's own time, not now
            added += 1
        elif _fields(kept) != _fields(item.object):
            elsewhere.append(item)
    # Ids given explicitly do not move PostgreSQL's sequence: new ids must follow them.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [AuditEvent]):
            cursor.execute(statement)
    renumbered = {}
    for item in elsewhere:
        old_id, item.object.pk = item.object.pk, None
        item.save(force_insert=True)
        renumbered[old_id] = item.object.pk
    return {"in_backup": len(found), "added": added,
            "already_present": len(found) - added - len(renumbered), "renumbered": renumbered}


def _fields(event: AuditEvent) -> dict:
    """An event's values as a backup keeps them (times to the millisecond)."""
    values = {f.attname: getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields}
    values["at"] = values["at"].replace(microsecond=values["at"].microsecond // 1000 * 1000)
    return values


def model_counts() -> dict[str, int]:
    """Rows per model (many-to-many tables included), for every model the backup holds."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if _excluded(label) or model._meta.proxy:
            continue
        counts[label] = model._base_manager.count()
    return counts


@contextmanager
def _history_off():
    """loaddata sets many-to-many fields, which simple-history would record as new changes;
    the history rows come from the backup itself."""
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = previous


def _excluded(label: str) -> bool:
    return any(label == item or label.split(".")[0] == item for item in EXCLUDED)


def _checked_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST_FILE).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} 不是完整的备份（{MANIFEST_FILE}：{exc}）。") from exc
    for name, digest in manifest["sha256"].items():
        if not (source / name).exists() or _sha256(source / name) != digest:
            raise BackupError(f"备份文件 {name} 缺失或已损坏（SHA-256 不符）。")
    return manifest


def _private_folder(path: Path) -> None:
    """Create `path`, and any missing folder above it, readable by its owner only; an
    existing one is made so too: a backup holds personal data and password hashes."""
    for folder in reversed([path, *path.parents]):
        if not folder.exists():
            folder.mkdir(mode=0o700)
    path.chmod(0o700)


def _private_file(path: Path) -> Path:
    """Create the file, readable by its owner only, before anything is written into it
    (writers open it again without changing its mode)."""
    path.touch(mode=0o600)
    path.chmod(0o600)
    return path


def _tar_media(target: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target, "w:gz") as tar:
        if media.exists():
            tar.add(media, arcname=".")


def _untar_media(source: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source, "r:gz") as tar:
        tar.extractall(media, filter="data")  # no absolute paths, no "..", no devices


def _pg_dump(target: Path) -> None:
    if connection.vendor != "postgresql":
        raise BackupError("--pg-dump 只适用于 PostgreSQL。")
    if shutil.which("pg_dump") is None:
        raise BackupError("找不到 pg_dump，请安装 postgresql-client。")
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}",
               f"--host={db.get('HOST') or '127.0.0.1'}", f"--port={db.get('PORT') or 5432}",
               f"--username={db.get('USER') or 'postgres'}", db["NAME"]]
    subprocess.run(command, check=True, env=env)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
