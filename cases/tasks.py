from celery import shared_task
from django.utils import timezone


@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60)
def remind_overdue_cases() -> int:
    """Daily: remind handlers and district staff of each overdue step, once per step."""
    from .services import cases_remind_overdue

    return cases_remind_overdue(today=timezone.localdate())


@shared_task(time_limit=30 * 60, soft_time_limit=29 * 60)
def anonymise_expired_visitors() -> int:
    """Daily: visitors whose cases closed longer ago than the retention period are
    anonymised (个人信息保护法 第十九条); claimed once per day, so a second beat does nothing."""
    from .retention import visitors_anonymise_expired

    run = visitors_anonymise_expired(today=timezone.localdate())
    return run.visitors_anonymised if run else 0


@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60)
def record_unanswered_callbacks() -> int:
    """Daily: closings whose callback wait passed without an answer are recorded as
    逾期未答复, once each (the unique closing is the claim; a second beat adds nothing)."""
    from .callbacks import callbacks_record_no_answer

    return callbacks_record_no_answer(today=timezone.localdate())
