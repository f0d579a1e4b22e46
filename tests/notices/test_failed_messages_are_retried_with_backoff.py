"""A message the gateway refused is sent again on a backoff schedule (1 min, 5 min, 30 min,
2 h, 6 h) until it goes or the schedule ends (issue 7 item 7: retries with backoff while mail
or the SMS gateway is down); each retry is claimed, so a second worker or a beat firing twice
sends nothing more; a delivered message is never sent again."""

import datetime as dt

import pytest
from django.utils import timezone

from config.celery import app
from notices.choices import Channel, DeliveryStatus
from notices.services import RETRY_DELAYS, failed_messages_retry, notify
from notices.tasks import retry_failed_messages

from .conftest import TEXT

pytestmark = pytest.mark.django_db


def _failed_once(platform, visitor):
    platform.answer(status=503)
    [message] = notify(people=[visitor], key="k", subject="s", body=TEXT, channels=[Channel.SMS])
    message.refresh_from_db()
    assert message.status == DeliveryStatus.FAILED and message.attempts == 1
    return message


def test_a_failed_sms_goes_once_the_gateway_is_back(platform, visitor):
    message = _failed_once(platform, visitor)
    assert message.retry_at - timezone.now() <= RETRY_DELAYS[0]
    assert failed_messages_retry() == (0, 0)  # not yet due
    platform.answer(status=200, body=b'{"ok":true}')
    later = timezone.now() + dt.timedelta(minutes=2)
    assert failed_messages_retry(now=later) == (1, 0)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.retry_at) == (DeliveryStatus.SENT, 2, None)
    assert len(platform.requests) == 2
    assert failed_messages_retry(now=later + dt.timedelta(days=1)) == (0, 0)
    assert len(platform.requests) == 2


def test_the_waits_grow_and_the_schedule_ends(platform, visitor):
    message = _failed_once(platform, visitor)
    now = timezone.now()
    waits = []
    for _ in RETRY_DELAYS:
        now = message.retry_at + dt.timedelta(seconds=1)
        assert failed_messages_retry(now=now) == (0, 1)
        message.refresh_from_db()
        if message.retry_at:
            waits.append(message.retry_at - now)
    assert waits == sorted(waits) and len(waits) == len(RETRY_DELAYS) - 1
    assert message.attempts == len(RETRY_DELAYS) + 1 and message.retry_at is None
    assert failed_messages_retry(now=now + dt.timedelta(days=7)) == (0, 0)
    assert len(platform.requests) == len(RETRY_DELAYS) + 1


def test_a_retry_already_claimed_is_not_sent_again(platform, visitor):
    message = _failed_once(platform, visitor)
    platform.answer(status=200, body=b'{"ok":true}')
    due = message.retry_at + dt.timedelta(seconds=1)
    type(message).objects.filter(pk=message.pk).update(retry_at=None)  # another worker's claim
    assert failed_messages_retry(now=due) == (0, 0)
    assert len(platform.requests) == 1


def test_beat_runs_the_retries_every_minute(platform, visitor):
    _failed_once(platform, visitor)
    entry = app.conf.beat_schedule["notices-retry-failed"]
    assert entry["task"] == retry_failed_messages.name and entry["schedule"] <= 60
    assert retry_failed_messages.delay().get() == {"sent": 0, "failed": 0}  # none due yet
