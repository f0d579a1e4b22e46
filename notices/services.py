"""One notification layer: in-app inbox, e-mail through Django's mail settings, SMS
through a pluggable backend. Every message sent is a `Message` row."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from privacy.crypto import keyed_hash

from .choices import Channel, DeliveryStatus
from .models import Message
from .sms import SmsGatewayError, get_backend

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    name: str
    user: object | None = None
    email: str = ""
    phone: str = ""


def recipient_for(person) -> Recipient:
    """A User or a Member (members are reached through their login, e-mail and phone)."""
    if hasattr(person, "level"):  # a Member
        return Recipient(
            name=person.name, user=person.user, email=person.email, phone=person.phone
        )
    return Recipient(
        name=str(person), user=person, email=person.email, phone=getattr(person, "phone", "")
    )


def notify(
    *, people, key: str, subject: str, body: str, channels=tuple(Channel)
) -> list[Message]:
    """Tell each person, once per `key`, on every channel they can be reached by."""
    sent = []
    for person in people:
        to = person if isinstance(person, Recipient) else recipient_for(person)
        for channel in channels:
            address = _address(to, channel)
            if address is None:
                continue
            message = _deliver_once(to, channel, address, key, subject, body)
            if message:
                sent.append(message)
    return sent


def _address(to: Recipient, channel: str) -> str | None:
    if channel == Channel.INBOX:
        return "" if to.user is not None else None
    if channel == Channel.EMAIL:
        return to.email or None
    return to.phone or None


def address_digest(address: str) -> str:
    """What finds a message by its address (the address itself is encrypted)."""
    return keyed_hash(address) if address else ""


def _deliver_once(to, channel, address, key, subject, body) -> Message | None:
    try:
        with transaction.atomic():
            message = Message.objects.create(
                key=key, channel=channel, recipient=to.user, recipient_name=to.name,
                address=address, address_digest=address_digest(address), subject=subject,
                body=body,
            )
    except IntegrityError:
        return None  # already told: a retry or a second run
    _send(message)
    return message


# After the first failure, wait this long before each further attempt (issue 7 item 7:
# retries with backoff while the mail server or the SMS gateway is down); then give up.
RETRY_DELAYS = (
    dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30),
    dt.timedelta(hours=2), dt.timedelta(hours=6),
)


def _send(message: Message) -> bool:
    """Hand one message to its channel; a failure is recorded with the time of the next try
    (none after the last of RETRY_DELAYS). Returns whether it went."""
    try:
        if message.channel == Channel.EMAIL:
            send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL,
                      [message.address])
        elif message.channel == Channel.SMS:
            get_backend().send(phone=message.address, body=f"【{message.subject}】{message.body}",
                               message=message)
    except Exception as exc:  # noqa: BLE001 - recorded, and the other channels still go
        error = _error_text(exc)
        log.warning("message %s on %s failed (attempt %s): %s", message.pk, message.channel,
                    message.attempts, error)
        delay = (RETRY_DELAYS[message.attempts - 1]
                 if message.attempts <= len(RETRY_DELAYS) else None)
        retry_at = timezone.now() + delay if delay else None
        Message.objects.filter(pk=message.pk).update(
            status=DeliveryStatus.FAILED, error=error, retry_at=retry_at
        )
        return False
    if message.status == DeliveryStatus.FAILED:
        Message.objects.filter(pk=message.pk).update(
            status=DeliveryStatus.SENT, error="", retry_at=None
        )
    return True


def failed_messages_retry(*, now=None) -> tuple[int, int]:
    """Send again each failed message whose retry time has come: (sent now, failed again).

    Each message is claimed by a conditional UPDATE (its retry time cleared, its attempt
    counted) before it is sent, so two workers or a beat firing twice never send it twice.
    """
    now = now or timezone.now()
    due = list(
        Message.objects.filter(status=DeliveryStatus.FAILED, retry_at__lte=now)
        .order_by("retry_at").values_list("pk", "retry_at")[:500]
    )
    sent = failed = 0
    for pk, retry_at in due:
        claimed = Message.objects.filter(pk=pk, retry_at=retry_at).update(
            retry_at=None, attempts=F("attempts") + 1
        )
        if not claimed:
            continue  # another worker has it
        message = Message.objects.get(pk=pk)
        if _send(message):
            sent += 1
        else:
            failed += 1
    return sent, failed


def _error_text(exc: Exception) -> str:
    """The class name only: an exception may quote the address or the text. A gateway's own
    error (notices.sms) carries just its code or HTTP status, so it is kept."""
    if isinstance(exc, SmsGatewayError):
        return f"{exc.__class__.__name__}: {exc}"[:200]
    return exc.__class__.__name__
