"""The faults of test_builds_recover.py against a real Celery worker and Redis: a worker
SIGKILLed mid-build leaves the file 生成中 under a lease nobody renews; once the lease has
run out the sweeper queues the build again and a worker completes it. A file asked for
while the broker was down is sent by the sweeper once the broker is back, and built.

Each test runs its own throwaway redis-server, and workers that consume Celery's default
queue and queue through that broker as production does (not in-process), so the sweeper's
sends go the whole way round."""

import datetime as dt
import os
import signal
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from reports.choices import DocumentKind, FileStatus
from reports.documents import city_data, data_digest
from reports.models import ReportFile

from ..test_celery_worker import TIMEOUT, Worker, database_url
from ..test_celery_worker_after_redis_restart import private_redis  # noqa: F401 - fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
YEAR = 2026


def production_like_worker(redis_url: str) -> Worker:
    db_url = database_url()
    if db_url is None:
        pytest.skip("测试数据库在内存中，worker 进程无法共享（PostgreSQL 或文件 SQLite 下运行）。")
    return Worker(db_url, redis_url, queue="celery",
                  settings={"CELERY_TASK_ALWAYS_EAGER": "false"})


def wait_for(file: ReportFile, worker: Worker, *statuses: str) -> ReportFile:
    deadline = time.monotonic() + TIMEOUT
    while (status := ReportFile.objects.values_list("status", flat=True).get(pk=file.pk)) \
            not in statuses:
        if time.monotonic() > deadline or worker.process.poll() is not None:
            pytest.fail(f"文件停在“{status}”：\n{worker.output()}", pytrace=False)
        time.sleep(0.02)
    file.refresh_from_db()
    return file


def test_a_build_whose_worker_is_killed_mid_way_is_queued_again_and_completed(
    private_redis,  # noqa: F811
):
    data = city_data(year=YEAR)
    file = ReportFile.objects.create(kind=DocumentKind.CITY, scope="city", year=YEAR,
                                     format="pdf", digest=data_digest(data), data=data)
    first = production_like_worker(private_redis.url)
    try:
        first.client.send_task("reports.tasks.build_report_file", args=[file.pk],
                               queue="celery")
        file = wait_for(file, first, FileStatus.RUNNING, FileStatus.DONE)
        os.killpg(first.process.pid, signal.SIGKILL)  # mid-way through the PDF
        first.process.wait(timeout=10)
    finally:
        first.stop()
    file.refresh_from_db()
    assert (file.status, file.attempts) == (FileStatus.RUNNING, 1)
    assert file.progress < 100 and not file.file and file.lease_until > timezone.now()

    # Nothing renews the lease any more; a minute on, it has run out.
    ReportFile.objects.filter(pk=file.pk).update(lease_until=timezone.now())
    second = production_like_worker(private_redis.url)
    try:
        swept = second.run("reports.tasks.sweep_report_files")
        file = wait_for(file, second, FileStatus.DONE, FileStatus.FAILED)
    finally:
        second.stop()
    assert swept == {"requeued": 1, "failed": 0, "sent": 1}
    assert (file.status, file.progress, file.attempts) == (FileStatus.DONE, 100, 2)
    assert file.file.name.endswith(".pdf") and file.lease is None


def test_a_file_asked_for_while_the_broker_was_down_is_built_once_it_is_back(
    client, personas, settings, monkeypatch, private_redis  # noqa: F811
):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def broker_down(*args):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("reports.tasks.build_report_file.delay", broker_down)
    client.force_login(personas.city)
    response = client.get(reverse("reports:city_download", args=[YEAR, "xlsx"]))
    assert response.status_code == 302
    assert "已排队" in client.get(response["Location"]).content.decode()
    file = ReportFile.objects.get()
    assert (file.status, file.queued_at) == (FileStatus.PENDING, None)

    # The broker is back a couple of minutes later; beat's next sweep sends the file.
    ReportFile.objects.filter(pk=file.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=2))
    worker = production_like_worker(private_redis.url)
    try:
        swept = worker.run("reports.tasks.sweep_report_files")
        file = wait_for(file, worker, FileStatus.DONE, FileStatus.FAILED)
    finally:
        worker.stop()
    assert swept == {"requeued": 0, "failed": 0, "sent": 1}
    assert (file.status, file.attempts) == (FileStatus.DONE, 1) and file.queued_at
    page = client.get(reverse("reports:file_status", args=[file.pk])).content.decode()
    assert "文件已生成" in page
