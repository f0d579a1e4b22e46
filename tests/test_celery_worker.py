"""A real Celery worker against a real Redis: tasks go through the broker and come back.

The worker is a separate process (`celery -A config worker --pool=solo`) on its own queue
and Redis database, pointed at this test run's database, so a task's writes are seen here.
Without Redis the tests skip with the reason, except in CI (env CI set), where they fail.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.db import connection

from accounts.models import Heartbeat

pytestmark = pytest.mark.worker

REDIS_URL = os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BASE_DIR = Path(__file__).resolve().parent.parent
TIMEOUT = 90


def require_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return
    except redis.RedisError as exc:
        reason = f"Redis 不可用（{REDIS_URL}：{exc}）：真实 worker 测试需要 Redis。"
    skip_or_fail(reason)


def skip_or_fail(reason: str) -> None:
    """Skip with the reason on a developer's machine; fail in CI, where nothing may skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} CI 中不允许跳过。", pytrace=False)
    pytest.skip(reason)


def database_url() -> str | None:
    """This run's test database as a URL for the worker, or None if it cannot be shared."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        shared = name and ":memory:" not in name and "mode=memory" not in name
        return f"sqlite:///{name}" if shared else None
    if db["ENGINE"].endswith("postgresql"):
        auth = quote(db["USER"] or "")
        if db.get("PASSWORD"):
            auth += ":" + quote(db["PASSWORD"])
        host = f"{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        return f"postgres://{host}/{db['NAME']}"
    return None


class Worker:
    """One `celery worker` subprocess on a queue of its own, always killed at the end."""

    def __init__(self, db_url: str | None, redis_url: str = REDIS_URL, *,
                 queue: str | None = None, settings: dict[str, str] | None = None):
        """`queue` "celery" (Celery's default) also takes what the product queues itself, on a
        Redis of the test's own; `settings` are extra environment for the worker's settings."""
        self.queue = queue or f"test-{uuid.uuid4().hex[:12]}"
        self.log = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "CELERY_BROKER_URL": redis_url,
            "CELERY_RESULT_BACKEND": redis_url,
            **(settings or {}),
        }
        if db_url:
            env["DATABASE_URL"] = db_url
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
                "--queues", self.queue, "--hostname", f"{self.queue}@%h", "--loglevel=INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # Not the current app: the product's tasks stay bound to the product's app in this process.
        self.client = Celery("cppcc-test-client", broker=redis_url, backend=redis_url,
                             set_as_current=False)
        self.client.conf.update(task_serializer="json", accept_content=["json"])

    def run(self, task: str, *args):
        """Send `task` through Redis and wait for the worker's answer."""
        # The product stores no results (CELERY_TASK_IGNORE_RESULT); this answer is waited for.
        result = self.client.send_task(task, args=args, queue=self.queue, ignore_result=False)
        deadline = time.monotonic() + TIMEOUT
        while not result.ready():
            if self.process.poll() is not None:
                pytest.fail(f"Celery worker 意外退出：\n{self.output()}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"{TIMEOUT} 秒内 worker 未完成 {task}：\n{self.output()}")
            time.sleep(0.1)
        return result.get(timeout=5)

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.client.close()
        self.log.close()


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker):
    require_redis()
    with django_db_blocker.unblock():
        db_url = database_url()
    started = Worker(db_url)
    started.db_url = db_url
    try:
        yield started
    finally:
        started.stop()


def test_a_task_sent_through_redis_is_run_by_the_worker_and_answered(worker):
    assert worker.run("accounts.tasks.ping") == "pong"
    assert "accounts.tasks.ping" in worker.output()


@pytest.mark.django_db(transaction=True)
def test_a_task_run_by_the_worker_writes_to_the_database_the_product_reads(worker):
    if worker.db_url is None:
        pytest.skip("测试数据库在内存中，worker 进程无法共享（PostgreSQL 或文件 SQLite 下运行）。")
    assert not Heartbeat.objects.filter(name="beat").exists()

    answered_at = worker.run("accounts.tasks.heartbeat")

    beat = Heartbeat.objects.get(name="beat")
    assert beat.at.isoformat() == answered_at
