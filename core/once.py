"""Jobs that must happen once: a row per job, claimed with a conditional UPDATE, so a retry
or a second beat finds it taken and does nothing (STYLE.md, Celery)."""

from __future__ import annotations

from django.utils import timezone


def claim_once(model, *, defaults: dict | None = None, **key):
    """The job's row if this caller claimed it, None if someone already has.

    `model` has a nullable `started_at`; `key` names the job (its unique fields); `defaults`
    fills the rest of the row when this caller is the one that creates it."""
    run, _created = model.objects.get_or_create(defaults=defaults, **key)
    claimed = model.objects.filter(pk=run.pk, started_at=None).update(started_at=timezone.now())
    return run if claimed == 1 else None
