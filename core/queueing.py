"""Queuing Celery tasks so that a broker outage degrades, it does not break.

Every place that queues a task goes through `queue_after_commit` (or `queue_now` where
there is no transaction to wait for). While the broker is unreachable the send is logged
and dropped instead of raising: the request that queued it still answers, and the job's
row stays as it was (pending, with the time it was asked for) for a periodic sweeper to
send again once the broker is back (reports.services.report_files_sweep is one). So a
caller whose job must not be lost keeps it as a row and has a sweeper; the task itself
claims the row, so a second send does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError

log = logging.getLogger(__name__)

# What sending raises while the broker is down, refuses or does not answer: kombu re-raises
# the transport's connection errors (redis ConnectionError, TimeoutError) as this, after
# Celery's publish retries. Task results are not stored (CELERY_TASK_IGNORE_RESULT), so
# sending never touches the result backend.
BROKER_UNREACHABLE = (OperationalError,)


def queue_now(task: Task, *args) -> bool:
    """Send `task(*args)` to the broker. False, logged, when the broker is unreachable."""
    try:
        task.delay(*args)
    except BROKER_UNREACHABLE as exc:
        log.warning("broker unreachable, %s%r left for its sweeper: %s", task.name, args, exc)
        return False
    return True


def queue_after_commit(
    task: Task, *args, on_queued: Callable[[], None] | None = None
) -> None:
    """Send `task(*args)` once the current transaction commits (at once outside one), so a
    worker never looks for a row not yet committed. `on_queued` runs if the broker took it."""

    def send() -> None:
        if queue_now(task, *args) and on_queued is not None:
            on_queued()

    transaction.on_commit(send)
