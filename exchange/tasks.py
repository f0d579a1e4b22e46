from celery import shared_task

from .services import PUSH_TIMEOUT


@shared_task(time_limit=PUSH_TIMEOUT + 20, soft_time_limit=PUSH_TIMEOUT + 10)
def send_outcome(push_id: int) -> str:
    """One case's outcome to the hotline's system, queued when the closing commits. Claimed
    before the call, so a second delivery of this task sends nothing more; a push deleted
    meanwhile is skipped."""
    from .services import outcome_push_send

    return outcome_push_send(push_id=push_id)


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60, expires=55)
def sweep_outcomes() -> dict:
    """Every minute (config/celery.py): queue again the outcomes that failed (on their
    backoff) or whose task was lost; mark 待核实 those whose worker died in the call."""
    from .services import pushes_sweep

    return pushes_sweep()
