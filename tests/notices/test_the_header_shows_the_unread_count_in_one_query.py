"""Every page has 我的消息 with the unread count in its header (the site's and the admin's),
for one COUNT query at most, however many messages there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notices.choices import Channel
from notices.models import Message
from notices.services import notify

pytestmark = pytest.mark.django_db


def _tell(person, n, *, prefix="m"):
    for i in range(n):
        notify(people=[person], key=f"{prefix}:{i}", subject="有一件群众诉求请您办理",
               body="请办理。", channels=(Channel.INBOX,))


def _inbox_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    counted = [q for q in captured if "notices_message" in q["sql"]]
    return len(counted), response.content.decode()


def test_the_count_is_the_users_unread_inbox_messages(client, personas):
    _tell(personas.member_user, 3)
    _tell(personas.other_member_user, 2, prefix="other")  # someone else's
    Message.objects.filter(key="m:0").update(read_at=timezone.now())  # read already
    notify(people=[personas.member], key="by-email", subject="邮件", body="x",
           channels=(Channel.EMAIL,))  # not in the inbox
    client.force_login(personas.member_user)

    response = client.get(reverse("scoring:me"))

    assert response.context["inbox_unread"] == 2
    header = response.content.decode().split("</header>")[0]
    assert reverse("notices:inbox") in header and "我的消息" in header
    assert 'aria-label="2条未读">2</span>' in header


def test_the_header_costs_one_query_with_2_or_40_messages(client, personas):
    client.force_login(personas.member_user)
    _tell(personas.member_user, 2)
    client.get(reverse("home"))  # the session
    few, page = _inbox_queries(client, reverse("home"))
    _tell(personas.member_user, 40, prefix="more")
    many, page = _inbox_queries(client, reverse("home"))
    assert few == many == 1
    assert "42条未读" in page


def test_no_unread_message_shows_no_count_and_anonymous_pages_ask_nothing(client, personas):
    queries, page = _inbox_queries(client, reverse("login"))
    assert queries == 0 and reverse("notices:inbox") not in page
    client.force_login(personas.member_user)
    queries, page = _inbox_queries(client, reverse("home"))
    assert queries == 1 and "我的消息" in page and "条未读" not in page


def test_the_admin_header_has_the_inbox_too(client, personas):
    _tell(personas.yuexiu_staff, 1)
    client.force_login(personas.yuexiu_staff)
    queries, page = _inbox_queries(client, reverse("admin:index"))
    assert queries == 1
    assert reverse("notices:inbox") in page and "1条未读" in page
