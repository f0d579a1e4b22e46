import datetime as dt

from celery import shared_task
from django.utils import timezone


@shared_task(time_limit=30 * 60, soft_time_limit=29 * 60)
def send_quota_reminders(day: str | None = None) -> int | None:
    """Daily: on a reminder date staff set, tell members what they still lack (once per date)."""
    from .services import quota_reminders_send

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return quota_reminders_send(today=today)


@shared_task(time_limit=30 * 60, soft_time_limit=29 * 60, acks_late=True)
def rebuild_tallies() -> int:
    """Nightly safety net: recount every member's tally of this year and last from the
    records (the signals keep them equal as records change; this catches any write that
    bypassed them). Recounting is idempotent, so a repeated or overlapping run is harmless."""
    from .tallies import tallies_rebuild

    this_year = timezone.localdate().year
    return tallies_rebuild(years=[this_year - 1, this_year])
