"""A message leaves only after the data it speaks of is committed (STYLE.md, Celery):
notify() writes 待发送 rows in the caller's transaction; each e-mail and SMS is sent by its
own task once that transaction commits, carrying its id to the gateway, and never if the
transaction rolls back. Two workers given one message send it once."""

import json

import pytest
from django.core import mail
from django.db import transaction

from notices.choices import Channel, DeliveryStatus
from notices.models import Message
from notices.services import Recipient, message_send, notify

from .conftest import PHONE, TEXT

pytestmark = pytest.mark.django_db

PERSON = Recipient(name="陈明", phone=PHONE, email="chenming@example.cn")


def tell(key="case:7:outcome"):
    return notify(people=[PERSON], key=key, subject="诉求办理结果", body=TEXT,
                  channels=[Channel.SMS, Channel.EMAIL])


def test_nothing_leaves_before_the_transaction_commits(
    platform, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            messages = tell()
            assert platform.requests == [] and mail.outbox == []
            assert {m.status for m in messages} == {DeliveryStatus.PENDING}

    assert len(platform.requests) == 1 and len(mail.outbox) == 1
    for message in messages:
        message.refresh_from_db()
        assert message.status == DeliveryStatus.SENT and message.sent_at is not None
        assert message.attempts == 1


def test_a_rollback_after_notify_sends_nothing_and_keeps_nothing(
    platform, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        with pytest.raises(RuntimeError), transaction.atomic():
            tell()
            raise RuntimeError("a later step of the same workflow failed")

    assert queued == []
    assert platform.requests == [] and mail.outbox == []
    assert not Message.objects.exists()


def test_each_message_carries_its_id_to_the_gateway(platform, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sms, email = tell()

    [request] = platform.requests
    assert request.headers["X-Request-ID"] == str(sms.pk)
    assert json.loads(request.body) == {"phone": PHONE, "text": f"【诉求办理结果】{TEXT}"}
    assert mail.outbox[0].message()["Message-ID"] == f"<message-{email.pk}@gzzx.example>"


def test_two_workers_given_one_message_send_it_once(platform):
    [sms] = notify(people=[PERSON], key="k", subject="s", body=TEXT, channels=[Channel.SMS])

    assert message_send(message_id=sms.pk) == "sent"
    assert message_send(message_id=sms.pk) == "not pending"
    assert len(platform.requests) == 1


def test_a_message_deleted_before_its_task_runs_is_skipped(platform):
    [sms] = notify(people=[PERSON], key="k", subject="s", body=TEXT, channels=[Channel.SMS])
    Message.objects.filter(pk=sms.pk).delete()

    assert message_send(message_id=sms.pk) == "not pending"
    assert platform.requests == []
