"""One notification layer: in-app inbox, e-mail through Django's mail settings, SMS
through a pluggable backend. Every message sent is a `Message` row."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

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
    try:
        if channel == Channel.EMAIL:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        elif channel == Channel.SMS:
            get_backend().send(phone=address, body=f"【{subject}】{body}", message=message)
    except Exception as exc:  # noqa: BLE001 - recorded, and the other channels still go
        error = _error_text(exc)
        log.warning("message %s on %s failed: %s", message.pk, channel, error)
        Message.objects.filter(pk=message.pk).update(status=DeliveryStatus.FAILED, error=error)
    return message


def _error_text(exc: Exception) -> str:
    """The class name only: an exception may quote the address or the text. A gateway's own
    error (notices.sms) carries just its code or HTTP status, so it is kept."""
    if isinstance(exc, SmsGatewayError):
        return f"{exc.__class__.__name__}: {exc}"[:200]
    return exc.__class__.__name__
