"""The inbox links each message about a record to that record's page; following the link
marks the message read. Another person's message is a 404; a link off this site goes
nowhere."""

import pytest
from django.urls import reverse

from notices.choices import Channel
from notices.models import Message
from notices.services import notify

pytestmark = pytest.mark.django_db


def _message(user, link, key="case:1:outcome"):
    [message] = notify(people=[user], key=key, subject="群众诉求办理结果", body="已办结。",
                       channels=(Channel.INBOX,), link=link)
    return message


def test_the_inbox_links_the_message_and_following_it_marks_it_read(client, personas):
    message = _message(personas.member_user, "/cases/42/")
    client.force_login(personas.member_user)

    inbox = client.get(reverse("notices:inbox")).content.decode()
    assert reverse("notices:open", args=[message.pk]) in inbox

    response = client.get(reverse("notices:open", args=[message.pk]))
    assert response.status_code == 302 and response["Location"] == "/cases/42/"
    message.refresh_from_db()
    assert message.read_at is not None


def test_another_persons_message_is_a_404_and_stays_unread(client, personas):
    message = _message(personas.other_member_user, "/cases/42/")
    client.force_login(personas.member_user)
    assert client.get(reverse("notices:open", args=[message.pk])).status_code == 404
    assert client.post(reverse("notices:read", args=[message.pk])).status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


@pytest.mark.parametrize("link", ["", "//evil.example/", "https://evil.example/cases/1/"])
def test_a_message_without_a_link_of_this_site_leads_back_to_the_inbox(client, personas, link):
    message = _message(personas.member_user, link, key=f"k:{link}")
    client.force_login(personas.member_user)
    response = client.get(reverse("notices:open", args=[message.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("notices:inbox")


def test_messages_are_stored_with_their_link(personas):
    assert _message(personas.member_user, "/cases/7/").link == "/cases/7/"
    assert Message.objects.get().link == "/cases/7/"


def test_an_email_about_a_record_carries_the_address_of_its_page(settings):
    from django.core import mail

    from notices.services import Recipient, message_send

    settings.PUBLIC_BASE_URL = "https://wyjsq.example.cn/"
    [message] = notify(people=[Recipient(name="陈明", email="chen@example.cn")],
                       key="case:9:outcome", subject="群众诉求办理结果", body="已办结。",
                       channels=(Channel.EMAIL,), link="/cases/9/")
    assert message_send(message_id=message.pk) == "sent"
    assert mail.outbox[-1].body == "已办结。\n\n查看详情：https://wyjsq.example.cn/cases/9/"
