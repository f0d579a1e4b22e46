"""A 待核实 message (its worker died inside the gateway call) waits for the municipal office
in the admin's message log: once they have checked with the recipient or the gateway's
records, they resend it or mark it delivered; either answer is kept in the audit trail.
Nobody else can answer for a message."""

import pytest
from django.urls import reverse

from audit.choices import EventKind
from audit.models import AuditEvent
from notices.choices import Channel, DeliveryStatus
from notices.models import Message
from notices.services import Recipient, notify

from .conftest import PHONE, TEXT

pytestmark = pytest.mark.django_db

LOG = reverse("admin:notices_message_changelist")


@pytest.fixture
def unknown(platform, personas):
    """An SMS to the clerk whose worker died inside the gateway call."""
    clerk = personas.beijing_clerk
    [sms] = notify(people=[Recipient(name=str(clerk), user=clerk, phone=PHONE)], key="k",
                   subject="接待公告", body=TEXT, channels=[Channel.SMS])
    Message.objects.filter(pk=sms.pk).update(status=DeliveryStatus.CHECKING, attempts=1,
                                             error="发送中断")
    return sms


def answer(client, action, message):
    return client.post(LOG, {"action": action, "_selected_action": [message.pk]})


def test_the_office_finds_the_messages_to_check(client, personas, unknown):
    client.force_login(personas.city)
    page = client.get(LOG, {"status__exact": DeliveryStatus.CHECKING})

    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [unknown]
    assert "待核实" in page.content.decode()


def test_the_office_resends_a_message_that_did_not_arrive(
    client, personas, unknown, platform, django_capture_on_commit_callbacks
):
    client.force_login(personas.city)
    with django_capture_on_commit_callbacks(execute=True):
        assert answer(client, "resend", unknown).status_code == 302

    unknown.refresh_from_db()
    assert (unknown.status, unknown.attempts) == (DeliveryStatus.SENT, 2)
    [request] = platform.requests
    assert request.headers["X-Request-ID"] == str(unknown.pk)
    event = AuditEvent.objects.get(kind=EventKind.CHANGE, object_id=str(unknown.pk))
    assert event.user == personas.city and event.detail["action"] == "重新发送"


def test_the_office_marks_a_message_that_did_arrive_as_delivered(
    client, personas, unknown, platform, django_capture_on_commit_callbacks
):
    client.force_login(personas.city)
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, "mark_delivered", unknown)

    unknown.refresh_from_db()
    assert unknown.status == DeliveryStatus.SENT and platform.requests == []
    assert AuditEvent.objects.filter(kind=EventKind.CHANGE, object_id=str(unknown.pk),
                                     detail__action="标记为已送达").exists()


def test_a_delivered_message_cannot_be_resent(client, personas, unknown, platform,
                                              django_capture_on_commit_callbacks):
    Message.objects.filter(pk=unknown.pk).update(status=DeliveryStatus.SENT)
    client.force_login(personas.city)
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, "resend", unknown)

    assert platform.requests == []
    assert not AuditEvent.objects.filter(kind=EventKind.CHANGE).exists()


def test_neither_the_recipient_nor_district_staff_can_answer(client, personas, unknown, platform):
    for user in (personas.beijing_clerk, personas.yuexiu_staff):
        client.force_login(user)
        for action in ("resend", "mark_delivered"):
            answer(client, action, unknown)

    unknown.refresh_from_db()
    assert unknown.status == DeliveryStatus.CHECKING and platform.requests == []
