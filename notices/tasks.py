from celery import shared_task


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60, expires=55)
def retry_failed_messages() -> dict:
    """Every minute (config/celery.py): send again the e-mails and SMS that failed, each on
    its backoff schedule (notices.services.RETRY_DELAYS); each message is claimed first."""
    from .services import failed_messages_retry

    sent, failed = failed_messages_retry()
    return {"sent": sent, "failed": failed}
