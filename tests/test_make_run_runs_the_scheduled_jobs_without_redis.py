"""`make run` (the embedded default: SQLite, no Redis) runs beat's jobs too: beside the
development server it starts one Celery worker with its beat inside, on a broker that is a
folder (kombu's filesystem transport), and stops it with the server.

The real-process test starts that worker exactly as the Makefile does (its arguments and
environment are read from the Makefile), on a folder of its own and this run's test
database, with the 3-day notice job (规范 第九条) due at once: beat fires it, the worker runs
it, the notice task it queues goes through the folder, and the notice is published, its
links on the address `make run` serves. No Redis anywhere."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.beat import PersistentScheduler
from django.utils import timezone

from config.celery import app
from notices.choices import Channel
from notices.models import Message
from receptions.choices import ReceptionStatus
from receptions.models import Notice, Reception
from tests.test_celery_worker import database_url, skip_or_fail

pytestmark = pytest.mark.worker

BASE_DIR = Path(__file__).resolve().parent.parent
TIMEOUT = 120
PORT = "8765"


def make_value(name: str, **variables: str) -> str:
    """A variable of the Makefile as `make` expands it (nothing is built or run)."""
    if not shutil.which("make"):
        skip_or_fail("make 未安装。")
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "--eval", "print-%: ; @echo $($*)",
         f"print-{name}", *(f"{key}={value}" for key, value in variables.items())],
        cwd=BASE_DIR, capture_output=True, text=True, timeout=60, check=True,
    )
    return result.stdout.strip()


def test_make_run_starts_the_worker_beside_the_server_and_stops_it_with_it():
    if not shutil.which("make"):
        skip_or_fail("make 未安装。")
    recipe = subprocess.run(
        ["make", "-n", "--no-print-directory", "run", f"PORT={PORT}"],
        cwd=BASE_DIR, capture_output=True, text=True, timeout=60, check=True,
    ).stdout
    args = make_value("EMBEDDED_WORKER_ARGS")
    started = recipe.index(f"celery -A config {args}")
    assert "CELERY_BROKER_URL=filesystem://" in recipe[:started].splitlines()[-1]
    assert "--beat" in args
    assert "trap 'kill $worker" in recipe[started:]
    served = recipe.index(f"SERVED_BASE_URL=http://127.0.0.1:{PORT} ", started)
    assert started < served < recipe.index(f"manage.py runserver 127.0.0.1:{PORT}")
    assert f"SERVED_BASE_URL=http://127.0.0.1:{PORT}" in make_value("EMBEDDED_ENV", PORT=PORT)


def due_now(schedule_file: Path, job: str) -> None:
    """Beat's state as if `job` last ran two days ago: it is due the moment beat starts."""
    beat = PersistentScheduler(app=app, schedule_filename=str(schedule_file))
    beat.schedule[job].last_run_at = timezone.now() - dt.timedelta(days=2)
    beat.close()


class EmbeddedWorker:
    """The worker and beat of `make run`, on `folder`, always killed at the end."""

    def __init__(self, folder: Path, db_url: str):
        env = {**os.environ}
        for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "PUBLIC_BASE_URL"):
            env.pop(name, None)
        for pair in shlex.split(make_value("EMBEDDED_ENV", EMBEDDED_DIR=str(folder), PORT=PORT)):
            key, _, value = pair.partition("=")
            env[key] = value
        env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=db_url,
                   CELERY_TASK_ALWAYS_EAGER="false")
        args = shlex.split(make_value("EMBEDDED_WORKER_ARGS", EMBEDDED_DIR=str(folder)))
        self.log = folder / "worker.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", *args],
                cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def wait_for(self, check, what: str):
        deadline = time.monotonic() + TIMEOUT
        while not (found := check()):
            if self.process.poll() is not None:
                pytest.fail(f"worker 意外退出：\n{self.output()}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"{TIMEOUT} 秒内未{what}：\n{self.output()}", pytrace=False)
            time.sleep(0.5)
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_the_embedded_beat_and_worker_publish_the_3_day_notice_without_redis(
    personas, tmp_path
):
    db_url = database_url()
    if db_url is None:
        pytest.skip("测试数据库在内存中，worker 进程无法共享（PostgreSQL 或文件 SQLite 下运行）。")
    day = timezone.localdate() + dt.timedelta(days=3)
    reception = Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=day, date=day, place="北京街党群服务中心"
    )
    reception.members.add(personas.member)
    due_now(tmp_path / "celerybeat-schedule", "publish-reception-notices")

    worker = EmbeddedWorker(tmp_path, db_url)
    try:
        notice = worker.wait_for(
            lambda: Notice.objects.filter(reception=reception).first(), "发布接待公告"
        )
    finally:
        worker.stop()

    reception.refresh_from_db()
    assert reception.status == ReceptionStatus.PUBLISHED
    assert notice.content["members"] == ["陈明"]
    told = Message.objects.get(recipient=personas.beijing_clerk, channel=Channel.INBOX)
    assert f"http://127.0.0.1:{PORT}/workrooms/notices/{notice.pk}.pdf" in told.body
    log = worker.output()
    assert "receptions.tasks.publish_due_notices" in log and "filesystem" in log
