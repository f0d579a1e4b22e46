"""Pluggable SMS backends. Set SMS_BACKEND to a dotted path of a class with `send`."""

from django.conf import settings
from django.utils.module_loading import import_string


class OutboxBackend:
    """Writes to the outbox table that staff read in the admin (the default)."""

    def send(self, *, phone: str, body: str, message) -> None:
        from .models import SmsOutbox

        SmsOutbox.objects.create(phone=phone, body=body, message=message)


def get_backend():
    return import_string(getattr(settings, "SMS_BACKEND", "notices.sms.OutboxBackend"))()
