from celery import shared_task
from django.utils import timezone


@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60)
def remind_overdue_cases() -> int:
    """Daily: remind handlers and district staff of each overdue step, once per step."""
    from .services import cases_remind_overdue

    return cases_remind_overdue(today=timezone.localdate())
