"""Thin tasks: ids in, a service call, nothing twice (each notice is claimed first)."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(time_limit=30 * 60, soft_time_limit=28 * 60)
def publish_due_notices() -> int:
    """Daily (config/celery.py): queue the notice of every reception 3 days ahead or less,
    and every correction whose own task was lost."""
    from .models import Reception

    today = timezone.localdate()
    services.unconfirmed_year_warn(today=today)
    due = list(Reception.objects.due_for_notice(today).values_list("pk", flat=True))
    for pk in due:
        publish_notice.delay(pk)
    corrections = services.notice_corrections_due(today=today)
    for pk in corrections:
        correct_notice.delay(pk)
    return len(due) + len(corrections)


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60)
def publish_notice(reception_id: int, base_url: str = "") -> int | None:
    """`base_url`: where the staff member who asked reached us (the notice's links); the
    daily run gives none (core.links.site_base_url)."""
    notice = services.notice_publish(reception_id=reception_id, base_url=base_url)
    return notice.pk if notice else None


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60)
def correct_notice(reception_id: int, base_url: str = "") -> int | None:
    notice = services.notice_correct(reception_id=reception_id, base_url=base_url)
    return notice.pk if notice else None
