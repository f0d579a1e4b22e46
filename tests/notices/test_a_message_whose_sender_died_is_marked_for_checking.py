"""The sweeper (every minute): a message whose worker died between its claim and the
gateway's answer is marked 待核实 for staff, never sent again blindly; a message whose task
was lost (the broker was down at commit, a worker died before claiming it) is queued again
and sent once."""

import datetime as dt

import pytest
from django.utils import timezone

from notices.choices import Channel, DeliveryStatus
from notices.models import Message
from notices.services import CLAIM_STALE_AFTER, REQUEUE_AFTER, messages_sweep, notify

from .conftest import TEXT

pytestmark = pytest.mark.django_db


def written(visitor):
    """Written and committed, but its task never ran."""
    [message] = notify(people=[visitor], key="k", subject="s", body=TEXT, channels=[Channel.SMS])
    return message


def claimed(message, *, ago):
    Message.objects.filter(pk=message.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now() - ago, retry_at=None, attempts=1
    )


def test_a_claim_older_than_a_send_can_take_is_marked_for_checking_not_resent(platform, visitor):
    message = written(visitor)
    claimed(message, ago=CLAIM_STALE_AFTER + dt.timedelta(seconds=1))

    assert messages_sweep() == {"queued": 0, "checking": 1}
    message.refresh_from_db()
    assert message.status == DeliveryStatus.CHECKING and "核实" in message.error
    assert messages_sweep(now=timezone.now() + dt.timedelta(days=1))["queued"] == 0
    assert platform.requests == []


def test_a_send_still_inside_its_time_limit_is_left_alone(platform, visitor):
    message = written(visitor)
    claimed(message, ago=dt.timedelta(seconds=30))

    assert messages_sweep() == {"queued": 0, "checking": 0}
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENDING


def test_a_message_whose_task_was_lost_is_sent_once_by_the_sweeper(platform, visitor):
    message = written(visitor)
    assert messages_sweep()["queued"] == 0  # its task may still be on its way

    later = timezone.now() + REQUEUE_AFTER + dt.timedelta(seconds=1)
    assert messages_sweep(now=later)["queued"] == 1
    assert messages_sweep(now=later)["queued"] == 0
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENT and len(platform.requests) == 1
    assert messages_sweep(now=later + REQUEUE_AFTER * 10)["queued"] == 0
    assert len(platform.requests) == 1
