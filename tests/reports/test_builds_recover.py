"""Nothing stays stuck: a report build carries a lease its worker renews while it renders.
A build whose lease ran out (the worker was killed mid-build) is queued again by the
sweeper (beat, every minute) and completes; after 3 interrupted tries it fails with the
reason; asking again restarts a failed or expired build; a request made while the broker
is down answers "queued" with the time, and the sweeper sends it once the broker is back.

The fault matrix, each fault's end state in rows and HTTP answers. Without a broker the
tests' tasks run in-process, so "queued again" shows as "built"; the same faults against a
real worker and Redis are in test_builds_recover_with_a_real_worker.py."""

import datetime as dt
import time
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.celery import app
from reports import services
from reports.choices import DocumentKind, FileStatus
from reports.documents import city_data, data_digest
from reports.models import ReportFile
from reports.services import report_files_sweep
from reports.tasks import sweep_report_files

pytestmark = pytest.mark.django_db
YEAR = 2026


def city_file(**fields) -> ReportFile:
    """The city summary's .xlsx of the data as it stands, in the state `fields` give."""
    data = city_data(year=YEAR)
    return ReportFile.objects.create(
        kind=DocumentKind.CITY, scope="city", year=YEAR, format="xlsx",
        digest=data_digest(data), data=data, **fields,
    )


def running(*, attempts=1, lease_left=dt.timedelta(seconds=-1), progress=30) -> ReportFile:
    """A build a worker claimed; a lease in the past means the worker stopped renewing it."""
    return city_file(status=FileStatus.RUNNING, progress=progress, attempts=attempts,
                     lease=uuid.uuid4(), lease_until=timezone.now() + lease_left)


def status_of(client, file) -> str:
    return client.get(reverse("reports:file_status", args=[file.pk])).content.decode()


def ask(client, fmt="xlsx"):
    return client.get(reverse("reports:city_download", args=[YEAR, fmt]))


def test_a_build_whose_worker_died_is_queued_again_by_the_sweeper_and_completes(
    client, personas
):
    file = running()
    client.force_login(personas.city)
    assert "生成中 · 30%" in status_of(client, file)

    assert sweep_report_files() == {"requeued": 1, "failed": 0, "sent": 1}

    file.refresh_from_db()
    assert (file.status, file.progress, file.attempts) == (FileStatus.DONE, 100, 2)
    assert file.lease is None and file.file.read()[:2] == b"PK"
    assert "文件已生成" in status_of(client, file)


def test_a_build_whose_lease_is_alive_is_left_to_its_worker(client, personas):
    file = running(lease_left=dt.timedelta(seconds=50))
    client.force_login(personas.city)

    assert report_files_sweep() == {"requeued": 0, "failed": 0, "sent": 0}
    response = ask(client)  # asking again while it is being made: wait for it

    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:file", args=[file.pk])
    file.refresh_from_db()
    assert (file.status, file.progress, file.attempts) == (FileStatus.RUNNING, 30, 1)


def test_asking_again_restarts_a_build_whose_lease_ran_out(client, personas):
    file = running(attempts=2)
    client.force_login(personas.city)

    response = ask(client)

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    file.refresh_from_db()
    assert (file.status, file.attempts) == (FileStatus.DONE, 1)  # counted afresh


def test_after_three_interrupted_tries_the_file_fails_with_the_reason_until_asked_again(
    client, personas
):
    file = running(attempts=3)
    client.force_login(personas.city)

    assert report_files_sweep()["failed"] == 1

    file.refresh_from_db()
    assert file.status == FileStatus.FAILED and file.lease is None
    assert "中断了3次" in file.error and "重新申请下载" in file.error
    fragment = status_of(client, file)
    assert "生成失败" in fragment and "中断了3次" in fragment
    assert f'href="{file.request_url()}"' in fragment and "重新生成" in fragment
    assert report_files_sweep() == {"requeued": 0, "failed": 0, "sent": 0}  # stays failed

    response = client.get(file.request_url())

    assert response.status_code == 200
    file.refresh_from_db()
    assert (file.status, file.attempts, file.error) == (FileStatus.DONE, 1, "")


def test_a_late_original_build_never_replaces_the_one_that_took_over(
    personas, monkeypatch, settings, tmp_path
):
    """The first build stalls past its lease; the sweeper gives the file to a second build,
    which finishes; then the first one finishes too. Only the second's file is kept."""
    real_render = services.render_document
    calls = []

    def stalling_then_real(data, fmt, progress=None):
        calls.append(fmt)
        if len(calls) > 1:
            return real_render(data, fmt, progress)
        ReportFile.objects.filter(pk=file.pk).update(lease_until=timezone.now())
        assert report_files_sweep(now=timezone.now() + dt.timedelta(seconds=1))["sent"] == 1
        return b"the late original"

    monkeypatch.setattr(services, "render_document", stalling_then_real)
    settings.MEDIA_ROOT = str(tmp_path)
    file = city_file()

    assert services.report_file_build(file_id=file.pk) is None  # the original lost its lease

    file.refresh_from_db()
    assert (file.status, file.attempts, len(calls)) == (FileStatus.DONE, 2, 2)
    assert file.file.read()[:2] == b"PK"
    kept = [path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.xlsx")]
    assert kept == [file.file.name]


def test_a_request_made_while_the_broker_is_down_answers_queued_and_is_sent_once_it_is_back(
    client, personas, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []

    def broker_down(*args):
        # What kombu raises for a Redis broker that refuses connections (measured).
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("reports.tasks.build_report_file.delay", broker_down)
    client.force_login(personas.city)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "pdf")
    file = ReportFile.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:file", args=[file.pk])
    assert (file.status, file.queued_at) == (FileStatus.PENDING, None)
    page = client.get(response["Location"]).content.decode()
    asked = timezone.localtime(file.created_at)
    assert f"已排队，{asked.hour}时{asked:%M}分提交" in page
    assert "任务队列暂时不可用" in page and 'hx-trigger="every 1s"' in page

    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, "pdf").status_code == 302  # asking again: still no 500, one file
    assert ReportFile.objects.count() == 1
    assert report_files_sweep()["sent"] == 0  # under a minute old: the request's own try

    monkeypatch.setattr("reports.tasks.build_report_file.delay", sent.append)  # broker back
    assert report_files_sweep(now=timezone.now() + dt.timedelta(minutes=2))["sent"] == 1

    file.refresh_from_db()
    assert sent == [file.pk] and file.queued_at is not None
    assert "等待生成" in status_of(client, file)
    assert report_files_sweep(now=timezone.now() + dt.timedelta(minutes=2))["sent"] == 0


@pytest.mark.django_db(transaction=True)
def test_a_build_renews_its_lease_while_it_renders(personas, monkeypatch):
    monkeypatch.setattr(services, "RENEW_EVERY", dt.timedelta(milliseconds=50))
    seen = []

    def slow_render(data, fmt, progress=None):
        for _ in range(2):
            seen.append(ReportFile.objects.values_list("lease_until", flat=True).get())
            time.sleep(0.3)
        return b"PK slow"

    monkeypatch.setattr(services, "render_document", slow_render)
    file = city_file()

    services.report_file_build(file_id=file.pk)

    assert seen[1] > seen[0]  # renewed by the heartbeat while the render ran
    file.refresh_from_db()
    assert file.status == FileStatus.DONE and file.lease_until is None


def test_the_sweeper_runs_every_minute_and_a_missed_run_expires():
    entry = app.conf.beat_schedule["reports-sweep-files"]
    assert entry["task"] == sweep_report_files.name
    assert entry["schedule"] == 60.0 and entry["options"]["expires"] < 60
