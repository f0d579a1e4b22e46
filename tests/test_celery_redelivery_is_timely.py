"""Redis hands a task whose worker died to another worker after the visibility timeout: it
must outlast every task's run and countdown (or a task still running is handed out twice),
and no more than that with a margin (or a lost task waits for nothing: Kombu's default is an
hour, this product's was two)."""

import re
from pathlib import Path

from django.conf import settings

from config.celery import app

BASE_DIR = Path(__file__).resolve().parent.parent
APPS = ("accounts", "audit", "cases", "members", "notices", "privacy", "receptions", "regions",
        "reports", "scoring", "workrooms")


def our_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.split(".")[0] in APPS}


def test_the_visibility_timeout_is_the_longest_time_limit_plus_countdown_and_margin():
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout == (settings.TASK_LONGEST_TIME_LIMIT + settings.TASK_LONGEST_COUNTDOWN
                       + settings.TASK_REDELIVERY_MARGIN)
    assert 60 <= settings.TASK_REDELIVERY_MARGIN <= 10 * 60
    assert timeout <= 60 * 60, "a lost task must not wait longer than an hour"


def test_no_task_runs_longer_than_the_longest_time_limit():
    tasks = our_tasks()
    assert "notices.tasks.send_message" in tasks and len(tasks) >= 15
    for name, task in tasks.items():
        limit = task.time_limit or settings.CELERY_TASK_TIME_LIMIT
        assert limit <= settings.TASK_LONGEST_TIME_LIMIT, name
    assert settings.CELERY_TASK_TIME_LIMIT <= settings.TASK_LONGEST_TIME_LIMIT
    assert max(t.time_limit or 0 for t in tasks.values()) == settings.TASK_LONGEST_TIME_LIMIT


def test_no_task_is_queued_with_a_countdown_longer_than_the_longest_countdown():
    """Retries wait in the database (a row's next time, swept every minute), not in Redis."""
    queued_later = re.compile(r"\b(countdown|eta)\s*=|\.retry\(")
    found = [
        f"{path.relative_to(BASE_DIR)}:{number}"
        for app_name in APPS for path in (BASE_DIR / app_name).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if queued_later.search(line)
    ]
    assert settings.TASK_LONGEST_COUNTDOWN == 0 and found == []
