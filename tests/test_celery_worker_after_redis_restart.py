"""A worker whose Redis restarts picks up work again (a trap reported by Celery users).

The test runs its own throwaway redis-server on a free port, so restarting it disturbs
nobody else's Redis.
"""

import shutil
import socket
import subprocess
import time

import pytest
import redis

from .test_celery_worker import Worker, skip_or_fail

pytestmark = pytest.mark.worker


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        pytest.fail("私有 redis-server 未能启动。")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis():
    if not shutil.which("redis-server"):
        skip_or_fail("未安装 redis-server：无法测试 Redis 重启后的 worker。")
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_a_worker_picks_up_work_again_after_redis_restarts(private_redis):
    worker = Worker(None, redis_url=private_redis.url)
    try:
        assert worker.run("accounts.tasks.ping") == "pong"

        private_redis.stop()
        time.sleep(1)
        private_redis.start()

        assert worker.run("accounts.tasks.ping") == "pong"
        assert "Connection to broker lost" in worker.output()
    finally:
        worker.stop()
