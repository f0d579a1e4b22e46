"""Backup and restore of the whole product: the database and the uploaded files.

A backup is a folder:
- ``database.json.gz``: every row with its id (dumpdata; content types by natural key),
  portable between SQLite and PostgreSQL;
- ``media.tar.gz``: MEDIA_ROOT (members' photos, evidence, notices);
- ``manifest.json``: when, from which database, the row count of every model and the
  SHA-256 of both files, checked again before a restore;
- ``database.pgdump`` (with ``--pg-dump`` on PostgreSQL): pg_dump's custom format.

The backup holds personal data and password hashes: keep it encrypted and access-controlled.
docs/backup.md has the procedure.
"""

from __future__ import annotations

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
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

DATABASE_FILE = "database.json.gz"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"
PG_DUMP_FILE = "database.pgdump"

# Rebuilt by `migrate` itself, or worthless in a restored system, or derived from other rows
# and recounted on restore (scoring.MemberTally: the duty records counted per member and year),
# or written anew by the restore's own rows (accounts.TableGeneration: their triggers).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "audit.workerdrill",
            "scoring.membertally", "accounts.tablegeneration"]


class BackupError(Exception):
    """A backup that cannot be written, or a restore that would not be faithful."""


def backup_create(*, output: Path, pg_dump: bool = False) -> dict:
    output = Path(output)
    if (output / MANIFEST_FILE).exists():
        raise BackupError(f"{output} 已有备份，不会覆盖。")
    output.mkdir(parents=True, exist_ok=True)
    outermost = not connection.in_atomic_block
    with transaction.atomic():  # one snapshot: the rows and their counts agree
        # Only the outermost transaction may choose its isolation level (not in a savepoint).
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata", "--natural-foreign",
            *[f"--exclude={label}" for label in EXCLUDED], output=str(output / DATABASE_FILE),
            verbosity=0,
        )
        counts = model_counts()
    _tar_media(output / MEDIA_FILE)
    files = [DATABASE_FILE, MEDIA_FILE]
    if pg_dump:
        _pg_dump(output / PG_DUMP_FILE)
        files.append(PG_DUMP_FILE)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "counts": counts,
        "sha256": {name: _sha256(output / name) for name in files},
    }
    (output / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def backup_restore(*, source: Path, replace: bool = False) -> dict:
    """Load a backup into this (migrated) database, which must hold no accounts unless
    `replace`; every model's row count must then equal the manifest's."""
    source = Path(source)
    manifest = _checked_manifest(source)
    from accounts.models import User

    if User.objects.exists() and not replace:
        raise BackupError("数据库中已有数据。恢复会清空现有数据，确认请加 --replace。")
    with transaction.atomic():
        call_command("flush", interactive=False, verbosity=0)
        with _history_off():
            call_command("loaddata", str(source / DATABASE_FILE), verbosity=0)
        from scoring.tallies import tallies_rebuild

        tallies_rebuild()
        counts = model_counts()
        missing = {label: (n, counts.get(label, 0)) for label, n in manifest["counts"].items()
                   if counts.get(label, 0) != n}
        if missing:
            raise BackupError(f"恢复后记录数与备份不符（备份, 恢复）：{missing}")
    _untar_media(source / MEDIA_FILE)
    return manifest


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
