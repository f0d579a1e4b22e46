"""Thin tasks: ids in, a service call; each job is claimed, so nothing happens twice."""

import datetime as dt

from celery import shared_task
from django.utils import timezone


@shared_task(time_limit=15 * 60, soft_time_limit=14 * 60)
def run_report_jobs(day: str | None = None) -> dict:
    """Daily (config/celery.py): drafts, reminders and the deadline check of 规范 第十四条,
    on the dates of `ReportSchedule`."""
    from .services import report_jobs_run

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return report_jobs_run(today=today)


# The time limit is reports.services.BUILD_TIME_LIMIT: a build's lease is not renewed past it.
@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60)
def build_report_file(file_id: int) -> int | None:
    """Render one requested PDF or .xlsx (a row gone meanwhile is simply skipped)."""
    from .services import report_file_build

    file = report_file_build(file_id=file_id)
    return file.pk if file else None


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60, expires=4 * 60)
def count_live_figures(year: int | None = None) -> str:
    """Every few minutes (config/celery.py): recount every district's live figures and the
    city's (reports.models.LiveCount), so neither the municipal office's page nor a
    district's waits for them."""
    from .documents import live_figures

    year = year or timezone.localdate().year
    *_counted, counted_at = live_figures(year=year, force=True)
    return counted_at.isoformat()


@shared_task(time_limit=2 * 60, soft_time_limit=100, expires=55)
def sweep_report_files() -> dict:
    """Every minute (config/celery.py): builds whose worker died are queued again (or fail
    after too many tries); files asked for while the broker was down are sent."""
    from .services import report_files_sweep

    return report_files_sweep()
