"""The database connection is cut while an SMS is being sent (PostgreSQL restarted, a
network blip, the connection killed by an operator). Nothing is lost and nothing goes twice:
cut before the claim, the message stays 待发送 and the sweeper sends it once; cut after the
gateway accepted it, while the answer is recorded, the message stays 发送中 and the sweeper
marks it 待核实 for staff instead of sending it again."""

import datetime as dt

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from notices import services, tasks
from notices.choices import Channel, DeliveryStatus
from notices.models import Message
from notices.services import CLAIM_STALE_AFTER, REQUEUE_AFTER, message_send, messages_sweep

from .conftest import TEXT

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'",
                       reason="cuts a PostgreSQL backend; SQLite has no connection to cut"),
]


def _cut_this_connection() -> None:
    """Another session terminates ours, as a restart or an operator would."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                         user=settings["USER"], password=settings["PASSWORD"] or None,
                         dbname=settings["NAME"], autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def _written(visitor) -> Message:
    """Committed, its own task not yet run (the broker lost it, or it is about to run)."""
    with transaction.atomic():
        [message] = services.notify(people=[visitor], key="k", subject="s", body=TEXT,
                                    channels=[Channel.SMS])
    return message


def _reconnected() -> None:
    connection.close()  # what Django does at the end of a request or task with a dead one


def test_a_cut_before_the_claim_leaves_the_message_for_the_sweeper(platform, visitor,
                                                                  monkeypatch):
    monkeypatch.setattr(services, "_queue", lambda ids: None)  # the task runs by hand below
    message = _written(visitor)
    _cut_this_connection()

    with pytest.raises(DatabaseError):
        message_send(message_id=message.pk)
    _reconnected()

    message.refresh_from_db()
    assert message.status == DeliveryStatus.PENDING and platform.requests == []
    later = timezone.now() + REQUEUE_AFTER + dt.timedelta(seconds=1)
    # The sweeper's task runs here and now, whatever broker an earlier test left configured.
    monkeypatch.setattr(tasks.send_message, "delay",
                        lambda pk: message_send(message_id=pk))
    assert messages_sweep(now=later)["queued"] == 1
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENT and len(platform.requests) == 1
    assert messages_sweep(now=later + dt.timedelta(days=1))["queued"] == 0
    assert len(platform.requests) == 1


def test_a_cut_after_the_gateway_took_the_message_marks_it_for_checking(platform, visitor,
                                                                       monkeypatch):
    monkeypatch.setattr(services, "_queue", lambda ids: None)
    message = _written(visitor)
    deliver = services._deliver

    def deliver_then_lose_the_database(msg):
        deliver(msg)
        _cut_this_connection()

    monkeypatch.setattr(services, "_deliver", deliver_then_lose_the_database)
    with pytest.raises(DatabaseError):
        message_send(message_id=message.pk)
    _reconnected()
    monkeypatch.undo()

    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENDING and len(platform.requests) == 1
    later = timezone.now() + CLAIM_STALE_AFTER + dt.timedelta(seconds=1)
    assert messages_sweep(now=later) == {"queued": 0, "checking": 1}
    assert messages_sweep(now=later + dt.timedelta(days=1))["queued"] == 0
    message.refresh_from_db()
    assert message.status == DeliveryStatus.CHECKING and len(platform.requests) == 1
