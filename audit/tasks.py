import time

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone


@shared_task
def purge_expired_events() -> int:
    """Daily: the retention job, the only way audit events are ever deleted."""
    from .services import audit_events_purge

    return audit_events_purge()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def worker_drill(key: str, seconds: float = 0) -> str:
    """Exactly-once drill: the job's effect and its claim commit together.

    A worker killed during the sleep never commits, so the redelivered message does the
    work; a redelivery after the commit finds the job claimed and does nothing.
    """
    from .models import WorkerDrill

    WorkerDrill.objects.filter(key=key).update(deliveries=F("deliveries") + 1)
    with transaction.atomic():
        claimed = WorkerDrill.objects.filter(key=key, done_at=None).update(
            done_at=timezone.now(), effects=F("effects") + 1,
        )
        if claimed != 1:
            return "already done"
        time.sleep(seconds)
    return "done"
