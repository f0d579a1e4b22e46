"""Two clicks on 报送 at the same moment (a double tap, two tabs) give no error page: one
submission is recorded, the other click sees the report already submitted. On SQLite (the
embedded default) this needs write-ahead logging, a busy timeout and transactions that take
the write lock when they begin; without them one request died with "database is locked"."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from reports.choices import ReportStatus
from reports.models import DistrictReport

from ..factories import district

pytestmark = pytest.mark.django_db(transaction=True)
YEAR = 2026
NARRATIVE = {"achievements": "走访群众", "problems": "场地不足", "plans": "每月接待"}


def _submit_at_once(user, url, clicks: int) -> list[int]:
    barrier, statuses = threading.Barrier(clicks), []

    def click():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        barrier.wait()
        try:
            statuses.append(client.post(url, {**NARRATIVE, "action": "submit"}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_simultaneous_submissions_of_the_district_report_give_no_error(personas):
    yuexiu = district("越秀区")
    url = reverse("reports:district", args=[yuexiu.pk, YEAR])

    statuses = _submit_at_once(personas.yuexiu_staff, url, clicks=3)

    assert len(statuses) == 3 and all(status < 500 for status in statuses), statuses
    report = DistrictReport.objects.get(district=yuexiu, year=YEAR)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == personas.yuexiu_staff


def test_the_embedded_database_waits_for_the_lock_instead_of_failing(settings):
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert options["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in options["init_command"]
        assert "busy_timeout=5000" in options["init_command"]
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    else:
        assert "transaction_mode" not in options  # PostgreSQL's own locking applies
