"""A worker killed in the middle of a task, then restarted, finishes the job exactly once:
tasks are acknowledged late, so the broker hands the message out again,
and the job's effect commits together with its claim, so it happens once.

A real `celery -A tests.worker_app worker --pool=prefork -c 1` runs against Redis (database
14) and this test run's own database (PostgreSQL, or SQLite in a file: config/settings/test.py).
The whole worker, pool child included, is killed with SIGKILL, as a crash or the OOM
killer would. Redis gives an unacknowledged message out again once its visibility timeout
has passed; the worker here runs with a 6-second one (tests/worker_app.py).
Without Redis the test skips with the reason, except in CI (env CI set), where it fails.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.db import connection

from audit.models import WorkerDrill

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("CELERY_KILL_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
BASE_DIR = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 6  # seconds; the task's run (4 s) is shorter, so it is never doubled
TASK_SECONDS = 4
DEADLINE = 90


def require_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return
    except redis.RedisError as exc:
        reason = f"Redis 不可用（{REDIS_URL}：{exc}）：worker 崩溃测试需要真实的 Redis。"
    if os.environ.get("CI"):
        pytest.fail(f"{reason} CI 中不允许跳过。", pytrace=False)
    pytest.skip(reason)


def shared_database_url() -> str:
    """This run's test database as a URL the worker process can open."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):
        auth = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    name = str(db["NAME"])
    if ":memory:" in name or "mode=memory" in name:
        pytest.fail("测试数据库在内存中，worker 进程无法共享（见 config/settings/test.py）。")
    return f"sqlite:///{name}"


class Worker:
    """`celery worker --pool=prefork -c 1` in a process group of its own."""

    def __init__(self, queue: str, db_url: str, log: Path):
        env = {
            **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": db_url, "CELERY_BROKER_URL": REDIS_URL,
            "TEST_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        }
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tests.worker_app", "worker", "--pool=prefork",
             "-c", "1", "--queues", queue, "--hostname", f"{queue}-{uuid.uuid4().hex[:4]}@%h",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=BASE_DIR, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL to the whole group: the main process and the pool child die at once."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def wait_for(condition, what: str, worker: Worker) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if worker.process.poll() is not None:
            pytest.fail(f"worker 意外退出（{what}）：\n{worker.output()}", pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"{DEADLINE} 秒内未等到：{what}\n{worker.output()}", pytrace=False)
        time.sleep(0.2)


def drill(key: str) -> WorkerDrill:
    return WorkerDrill.objects.get(key=key)


@pytest.fixture
def broker():
    require_redis()
    # Not the current app: the product's tasks stay bound to the product's (in-process) app
    # for the tests that run after this one.
    client = Celery("cppcc-kill-test", broker=REDIS_URL, set_as_current=False)
    client.conf.update(task_serializer="json", accept_content=["json"])
    yield client
    client.close()


@pytest.fixture
def workers():
    started = []
    yield started
    for worker in started:
        worker.kill()


def test_a_worker_killed_mid_task_finishes_the_job_exactly_once(broker, workers, tmp_path):
    key, queue = uuid.uuid4().hex, f"kill-test-{uuid.uuid4().hex[:8]}"
    db_url, log = shared_database_url(), tmp_path / "worker.log"
    WorkerDrill.objects.create(key=key)

    first = Worker(queue, db_url, log)
    workers.append(first)
    broker.send_task("audit.tasks.worker_drill", args=[key, TASK_SECONDS], queue=queue)
    wait_for(lambda: drill(key).deliveries == 1, "第一个 worker 开始执行任务", first)
    delivered_at = time.monotonic()
    time.sleep(1)  # inside the task's transaction now
    first.kill()

    job = drill(key)
    assert (job.deliveries, job.effects, job.done_at) == (1, 0, None), "killed mid-task"

    # Redis hands the unacknowledged message out again once the visibility timeout passed.
    time.sleep(max(0, delivered_at + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    second = Worker(queue, db_url, log)
    workers.append(second)
    wait_for(lambda: drill(key).done_at is not None, "重启后的 worker 完成任务", second)

    # The same job queued again (a retry, a second beat) finds it claimed and does nothing.
    broker.send_task("audit.tasks.worker_drill", args=[key, 0], queue=queue)
    wait_for(lambda: drill(key).deliveries == 3, "重复投递被处理", second)
    time.sleep(1)
    job = drill(key)
    assert job.deliveries == 3
    assert job.effects == 1, f"effect ran {job.effects} times\n{second.output()}"
