"""A backup holds personal data and password hashes (个人信息保护法): its folders are
created readable by their owner only (0700) and its files too (0600), whatever the umask
of the process that runs it (docs/backup.md)."""

import os
import stat

import pytest
from django.core.management import call_command


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    previous = os.umask(0)  # the most open: every mode comes from the backup itself
    yield
    os.umask(previous)


@pytest.mark.django_db
def test_backup_folders_and_files_are_private(personas, tmp_path, open_umask):
    folder = tmp_path / "cppcc" / "2026-12-01"
    call_command("backup", output=folder)
    assert mode(tmp_path / "cppcc") == mode(folder) == 0o700
    files = {path.name: mode(path) for path in folder.iterdir()}
    assert files == {name: 0o600 for name in [
        "database.json.gz", "audit.json.gz", "media.tar.gz", "manifest.json",
    ]}


@pytest.mark.django_db
def test_a_folder_made_beforehand_is_made_private_too(personas, tmp_path, open_umask):
    folder = tmp_path / "prepared"
    folder.mkdir(mode=0o755)
    call_command("backup", output=folder)
    assert mode(folder) == 0o700
    assert {mode(path) for path in folder.iterdir()} == {0o600}
