"""Notices through 粤政易: a text card with a button to the record, to each linked person who
has not turned the channel off, after the transaction commits, once per event, retried with
backoff when 粤政易 refuses; never more than 30 a minute to one person (the platform would
drop the rest: they wait their minute instead). Each person chooses their channels."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notices.choices import Channel, DeliveryStatus
from notices.models import ChannelPreference, Message
from notices.services import messages_sweep, notify

pytestmark = pytest.mark.django_db
BASE = "http://127.0.0.1:8765"


@pytest.fixture
def cards(mock_wecom, settings, personas):
    settings.WECOM_MESSAGES = True
    settings.PUBLIC_BASE_URL = ""
    settings.SERVED_BASE_URL = BASE
    User.objects.filter(pk=personas.member_user.pk).update(wecom_userid="member")
    personas.member_user.refresh_from_db()
    return mock_wecom


def tell(capture, person, key="case:7:assigned", link="/cases/7/", **extra):
    with capture(execute=True):
        return notify(people=[person], key=key, subject="有一件群众诉求请您办理",
                      body="北京街工作室登记的「城市建设与管理」诉求（#7）请于3月20日前办理。",
                      link=link, **extra)


def wecom_messages():
    return Message.objects.filter(channel=Channel.WECOM)


def test_a_linked_person_receives_a_text_card_whose_button_opens_the_record(
    cards, personas, django_capture_on_commit_callbacks
):
    tell(django_capture_on_commit_callbacks, personas.member_user)
    [card] = cards.messages_to("member")
    assert card["title"] == "有一件群众诉求请您办理"
    assert "（#7）请于3月20日前办理" in card["description"]
    assert card["url"] == f"{BASE}/cases/7/" and card["btntxt"] == "详情"
    assert wecom_messages().get().status == DeliveryStatus.SENT


def test_with_wecom_sign_in_the_button_signs_its_reader_in_on_the_way(
    cards, personas, settings, django_capture_on_commit_callbacks
):
    settings.WECOM_SIGN_IN = True
    tell(django_capture_on_commit_callbacks, personas.member_user)
    [card] = cards.messages_to("member")
    assert card["url"] == f"{BASE}{reverse('wecom_login')}?next=%2Fcases%2F7%2F"


def test_a_message_about_no_record_opens_the_inbox(cards, personas,
                                                   django_capture_on_commit_callbacks):
    tell(django_capture_on_commit_callbacks, personas.member_user, link="")
    assert cards.messages_to("member")[0]["url"] == f"{BASE}{reverse('notices:inbox')}"


def test_the_text_is_shown_as_text_never_as_markup(cards, personas,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(people=[personas.member_user], key="k", subject="标题",
               body='<a href="http://evil">点我</a>', link="/cases/7/")
    description = cards.messages_to("member")[0]["description"]
    assert "<a href" not in description and "&lt;a href=" in description


def test_each_event_is_carded_once_however_often_it_is_told(
    cards, personas, django_capture_on_commit_callbacks
):
    tell(django_capture_on_commit_callbacks, personas.member_user)
    tell(django_capture_on_commit_callbacks, personas.member_user)  # a retry, a second run
    assert len(cards.messages_to("member")) == 1 and wecom_messages().count() == 1


def test_nothing_leaves_when_the_transaction_rolls_back(cards, personas):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(people=[personas.member_user], key="k", subject="s", body="b", link="/cases/7/")
        raise RuntimeError
    assert cards.messages == [] and not wecom_messages().exists()


def test_nobody_unlinked_and_nothing_while_switched_off_is_carded(
    cards, personas, settings, django_capture_on_commit_callbacks
):
    tell(django_capture_on_commit_callbacks, personas.other_member_user)  # not linked
    settings.WECOM_MESSAGES = False
    tell(django_capture_on_commit_callbacks, personas.member_user, key="other")
    assert cards.messages == [] and not wecom_messages().exists()


def test_a_person_who_turned_a_channel_off_is_not_told_on_it_but_keeps_the_inbox(
    cards, personas, django_capture_on_commit_callbacks
):
    personas.member_user.email = "chen@example.cn"
    personas.member_user.save()
    ChannelPreference.objects.create(user=personas.member_user, wecom=False, email=False)
    tell(django_capture_on_commit_callbacks, personas.member_user)
    channels = set(Message.objects.filter(recipient=personas.member_user)
                   .values_list("channel", flat=True))
    assert channels == {Channel.INBOX}
    assert cards.messages == []


def test_a_refusal_is_retried_with_backoff_and_said_in_chinese(
    cards, personas, django_capture_on_commit_callbacks
):
    cards.send_errors.append(-1)  # 系统繁忙
    tell(django_capture_on_commit_callbacks, personas.member_user)
    message = wecom_messages().get()
    assert message.status == DeliveryStatus.FAILED
    assert message.error == "粤政易系统繁忙（错误码 -1）" and message.retry_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        messages_sweep(now=message.retry_at)
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENT and len(cards.messages_to("member")) == 1


def test_a_person_outside_the_app_is_a_failure_staff_can_read(
    cards, personas, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=personas.member_user.pk).update(wecom_userid="left-the-office")
    personas.member_user.refresh_from_db()
    tell(django_capture_on_commit_callbacks, personas.member_user)
    assert "可见范围" in wecom_messages().get().error


def test_over_30_a_minute_to_one_person_wait_their_minute_and_none_is_dropped(
    cards, personas, clock, django_capture_on_commit_callbacks
):
    cards.clock = lambda: timezone.now().timestamp()  # the platform's minute is ours
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(32):
            notify(people=[personas.member_user], key=f"case:{n}:assigned", subject=f"诉求{n}",
                   body="请办理。", link=f"/cases/{n}/", channels=[Channel.WECOM])
    assert len(cards.messages) == 30 and cards.dropped == []
    waiting = wecom_messages().filter(status=DeliveryStatus.PENDING)
    assert waiting.count() == 2
    assert {m.attempts for m in waiting} == {0}  # waiting is not a failed try
    assert all(m.retry_at == timezone.now() + timezone.timedelta(minutes=1) for m in waiting)

    clock(seconds=30)  # still within the minute: the sweeper finds nothing due
    with django_capture_on_commit_callbacks(execute=True):
        messages_sweep()
    assert len(cards.messages) == 30
    clock(seconds=31)
    with django_capture_on_commit_callbacks(execute=True):
        messages_sweep()
    assert len(cards.messages) == 32 and cards.dropped == []
    assert not wecom_messages().exclude(status=DeliveryStatus.SENT).exists()


def test_the_limit_is_per_person(cards, personas, clock, django_capture_on_commit_callbacks):
    cards.clock = lambda: timezone.now().timestamp()
    User.objects.filter(pk=personas.yuexiu_staff.pk).update(wecom_userid="yuexiu")
    personas.yuexiu_staff.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(30):
            notify(people=[personas.member_user], key=f"k{n}", subject="s", body="b",
                   link="/cases/1/", channels=[Channel.WECOM])
        notify(people=[personas.yuexiu_staff], key="k", subject="s", body="b",
               link="/cases/1/", channels=[Channel.WECOM])
    assert len(cards.messages_to("yuexiu")) == 1


# --- choosing one's channels ---------------------------------------------------------------


def test_each_person_chooses_their_channels_on_a_small_page(client, personas, settings):
    settings.WECOM_MESSAGES = True
    client.force_login(personas.member_user)
    page = client.get(reverse("notices:preferences")).content.decode()
    assert "消息接收设置" in page and "站内消息（始终接收）" in page and "粤政易" in page
    response = client.post(reverse("notices:preferences"), {"email": "on", "wecom": "on"})
    assert response.status_code == 302
    preference = ChannelPreference.objects.get(user=personas.member_user)
    assert (preference.email, preference.sms, preference.wecom) == (True, False, True)
    assert preference.history.count() == 1  # who changed it, and when
    assert "消息接收设置已保存" in client.get(reverse("notices:preferences")).content.decode()


def test_the_inbox_leads_to_the_choice(client, personas):
    client.force_login(personas.member_user)
    assert reverse("notices:preferences") in client.get(reverse("notices:inbox")).content.decode()


def test_without_wecom_messages_the_page_offers_no_wecom_choice(client, personas, settings):
    settings.WECOM_MESSAGES = False
    client.force_login(personas.member_user)
    page = client.get(reverse("notices:preferences")).content.decode()
    assert 'name="wecom"' not in page and "绑定粤政易账号" not in page
