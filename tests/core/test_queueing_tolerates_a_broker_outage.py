"""A task queued while the broker is down is logged and left for its sweeper; the request
that queued it still answers (core.queueing). Checked with a real kombu connection to a
port where nothing listens, under the product's own Celery settings: with task results
stored, the same send held the request 20 s and then raised RuntimeError."""

import logging
import socket
import time

import pytest
from celery import Celery
from django.db import transaction

from core.queueing import queue_after_commit, queue_now


@pytest.fixture
def job_with_the_broker_down():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    app = Celery("broker-down", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)

    @app.task(name="tests.job")
    def job(n: int) -> int:
        return n

    yield job
    app.close()


def test_sending_while_the_broker_is_down_answers_false_at_once_and_logs(
    job_with_the_broker_down, caplog
):
    job = job_with_the_broker_down
    started = time.monotonic()

    with caplog.at_level(logging.WARNING, logger="core.queueing"):
        assert queue_now(job, 7) is False

    assert time.monotonic() - started < 5
    assert "broker unreachable, tests.job(7,) left for its sweeper" in caplog.text


@pytest.mark.django_db
def test_a_send_after_commit_with_the_broker_down_raises_nothing_and_reports_nothing_queued(
    job_with_the_broker_down, django_capture_on_commit_callbacks
):
    job = job_with_the_broker_down
    queued = []

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            queue_after_commit(job, 7, on_queued=lambda: queued.append(7))
            assert queued == []  # nothing leaves before the commit

    assert len(callbacks) == 1 and queued == []
