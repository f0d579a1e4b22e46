from celery import shared_task

from .services import SEND_TIME_LIMIT


# A send stopped by its time limit may or may not have reached the gateway: it stays 发送中
# and the sweeper marks it 待核实 (notices.services.message_send).
@shared_task(time_limit=SEND_TIME_LIMIT, soft_time_limit=SEND_TIME_LIMIT - 5)
def send_message(message_id: int) -> str:
    """One e-mail or SMS, queued when the transaction that wrote it commits. Claimed before
    the gateway call, so a second delivery of this task (a redelivery, the sweeper) sends
    nothing more; a message deleted meanwhile is skipped."""
    from .services import message_send

    return message_send(message_id=message_id)


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60, expires=55)
def sweep_messages(at: str | None = None) -> dict:
    """Every minute (config/celery.py): queue again the e-mails and SMS that failed (on their
    backoff schedule, notices.services.RETRY_DELAYS) or whose task was lost, and mark 待核实
    those whose worker died inside the gateway call. `at`: an ISO time to sweep as of."""
    import datetime as dt

    from .services import messages_sweep

    return messages_sweep(now=dt.datetime.fromisoformat(at) if at else None)
