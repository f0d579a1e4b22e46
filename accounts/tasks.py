from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "beat:last-run"


@shared_task
def ping() -> str:
    """The round trip a real worker proves: queued through the broker, answered back."""
    return "pong"


@shared_task
def heartbeat() -> str:
    """Beat's proof of life, read by /healthz."""
    from .models import Heartbeat

    now = timezone.now()
    Heartbeat.objects.update_or_create(name="beat", defaults={"at": now})
    cache.set(HEARTBEAT_KEY, now.isoformat(), None)
    return now.isoformat()
