"""A message the gateway refused is sent again on a backoff schedule (1 min, 5 min, 30 min,
2 h, 6 h) until it goes or the schedule ends (mail
or the SMS gateway may be down for a while); each retry is claimed, so a second worker or a
beat firing twice sends nothing more; a delivered message is never sent again."""

import datetime as dt

import pytest
from django.utils import timezone

from config.celery import app
from notices.choices import Channel, DeliveryStatus
from notices.models import Message
from notices.services import RETRY_DELAYS, message_send, messages_sweep
from notices.tasks import sweep_messages

from .conftest import TEXT

pytestmark = pytest.mark.django_db


def _failed_once(platform, visitor, notify_and_send):
    platform.answer(status=503)
    [message] = notify_and_send(people=[visitor], key="k", subject="s", body=TEXT,
                                channels=[Channel.SMS])
    assert message.status == DeliveryStatus.FAILED and message.attempts == 1
    return message


def test_a_failed_sms_goes_once_the_gateway_is_back(platform, visitor, notify_and_send):
    message = _failed_once(platform, visitor, notify_and_send)
    assert message.retry_at - timezone.now() <= RETRY_DELAYS[0]
    assert messages_sweep()["queued"] == 0  # not yet due
    platform.answer(status=200, body=b'{"ok":true}')
    later = timezone.now() + dt.timedelta(minutes=2)
    assert messages_sweep(now=later)["queued"] == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.retry_at) == (DeliveryStatus.SENT, 2, None)
    assert len(platform.requests) == 2
    assert messages_sweep(now=later + dt.timedelta(days=1))["queued"] == 0
    assert len(platform.requests) == 2


def test_the_waits_grow_and_the_schedule_ends(platform, visitor, notify_and_send):
    message = _failed_once(platform, visitor, notify_and_send)
    now = timezone.now()
    waits = []
    for _ in RETRY_DELAYS:
        now = message.retry_at + dt.timedelta(seconds=1)
        assert messages_sweep(now=now)["queued"] == 1
        message.refresh_from_db()
        assert message.status == DeliveryStatus.FAILED
        if message.retry_at:
            waits.append(message.retry_at - timezone.now())
    assert waits == sorted(waits) and len(waits) == len(RETRY_DELAYS) - 1
    assert message.attempts == len(RETRY_DELAYS) + 1 and message.retry_at is None
    assert messages_sweep(now=now + dt.timedelta(days=7))["queued"] == 0
    assert len(platform.requests) == len(RETRY_DELAYS) + 1


def test_a_retry_already_claimed_is_not_sent_again(platform, visitor, notify_and_send):
    message = _failed_once(platform, visitor, notify_and_send)
    platform.answer(status=200, body=b'{"ok":true}')
    due = message.retry_at + dt.timedelta(seconds=1)
    Message.objects.filter(pk=message.pk).update(retry_at=None)  # another sweep's claim
    assert messages_sweep(now=due)["queued"] == 0
    assert message_send(message_id=message.pk) == "not pending"  # a stray task
    assert len(platform.requests) == 1


def test_beat_sweeps_every_minute(platform, visitor, notify_and_send):
    _failed_once(platform, visitor, notify_and_send)
    entry = app.conf.beat_schedule["notices-sweep"]
    assert entry["task"] == sweep_messages.name and entry["schedule"] <= 60
    assert entry["options"]["expires"] < entry["schedule"]
    assert sweep_messages.delay().get() == {"queued": 0, "checking": 0}  # none due yet
