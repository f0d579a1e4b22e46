"""Staff in scope (the workroom's clerk, the town/street, the district, the city) record the
callback they made by phone or in person: how, who called, when, the two answers. Outside
their scope the case is not found; a member or someone without the permission is refused;
an answer is written once."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.choices import CallbackChannel, Satisfaction, Solved
from cases.models import Callback

from .closing import closed_by_town_office
from .conftest import new_case


def answer(**changes):
    at = timezone.localtime()  # just after the closing
    return {"channel": CallbackChannel.PHONE, "called_at": f"{at:%Y-%m-%dT%H:%M}",
            "solved": Solved.PARTLY, "satisfaction": Satisfaction.BASICALLY_SATISFIED,
            "comment": "路灯修好了，但还有一盏不亮", **changes}


@pytest.mark.parametrize("who", ["beijing_clerk", "beijing_lead", "yuexiu_staff", "city"])
def test_staff_in_scope_record_a_phone_callback_with_who_and_when(client, ledger, who):
    case = closed_by_town_office(ledger)
    user = getattr(ledger.p, who)
    client.force_login(user)
    page = client.get(reverse("cases:case", args=[case.pk]))
    assert "记录回访" in page.content.decode()
    response = client.post(reverse("cases:callback", args=[case.pk]), answer(), follow=True)
    assert "回访结果已记录" in response.content.decode()
    callback = Callback.objects.get(case=case)
    assert (callback.channel, callback.recorded_by) == (CallbackChannel.PHONE, user)
    assert (callback.solved, callback.satisfaction) == (
        Solved.PARTLY, Satisfaction.BASICALLY_SATISFIED)
    assert timezone.localtime(callback.called_at).strftime("%Y-%m-%dT%H:%M") == (
        answer()["called_at"])
    shown = response.content.decode()
    assert "电话回访" in shown and "部分解决" in shown and "基本满意" in shown


@pytest.mark.parametrize("who", ["hualin_clerk", "liwan_staff", "tianhe_staff"])
def test_staff_of_another_place_do_not_find_the_case(client, ledger, who):
    case = closed_by_town_office(ledger)
    client.force_login(getattr(ledger.p, who))
    url = reverse("cases:callback", args=[case.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, answer()).status_code == 404
    assert not Callback.objects.exists()


@pytest.mark.parametrize("who", ["member_user", "nobody", "economy_staff"])
def test_who_does_not_call_residents_back_is_refused(client, ledger, who):
    case = closed_by_town_office(ledger)
    client.force_login(getattr(ledger.p, who))
    assert client.post(reverse("cases:callback", args=[case.pk]), answer()).status_code in {
        403, 404}
    assert not Callback.objects.exists()


def test_anonymous_is_sent_to_log_in(client, ledger):
    case = closed_by_town_office(ledger)
    response = client.post(reverse("cases:callback", args=[case.pk]), answer())
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_second_record_of_the_same_closing_is_refused(client, ledger):
    case = closed_by_town_office(ledger)
    client.force_login(ledger.p.beijing_clerk)
    url = reverse("cases:callback", args=[case.pk])
    client.post(url, answer())
    again = client.post(url, answer(solved=Solved.SOLVED))
    assert "这次办结的回访已有结果" in again.content.decode()
    assert Callback.objects.get(case=case).solved == Solved.PARTLY


def test_an_open_case_is_not_called_back(client, ledger):
    client.force_login(ledger.p.beijing_clerk)
    response = client.post(reverse("cases:callback", args=[ledger.case.pk]), answer())
    assert "无需回访" in response.content.decode()
    assert not Callback.objects.exists()


def test_a_time_in_the_future_or_an_unanswered_question_is_refused_in_chinese(client, ledger):
    case = closed_by_town_office(ledger)
    client.force_login(ledger.p.beijing_clerk)
    url = reverse("cases:callback", args=[case.pk])
    later = timezone.localtime() + dt.timedelta(days=1)
    response = client.post(url, answer(called_at=f"{later:%Y-%m-%dT%H:%M}"))
    assert response.status_code == 400 and "回访时间不能晚于现在" in response.content.decode()
    response = client.post(url, answer(satisfaction=""))
    assert response.status_code == 400 and "请选择满意程度" in response.content.decode()
    response = client.post(url, answer(channel=CallbackChannel.NO_ANSWER))
    assert response.status_code == 400
    assert not Callback.objects.exists()


def test_a_case_closed_without_a_visitor_can_be_called_back_in_person(client, ledger):
    ledger.case = new_case(ledger.activity, ledger.p.beijing_clerk)  # nobody's name or phone
    case = closed_by_town_office(ledger)
    client.force_login(ledger.p.beijing_clerk)
    client.post(reverse("cases:callback", args=[case.pk]),
                answer(channel=CallbackChannel.IN_PERSON))
    assert Callback.objects.get(case=case).channel == CallbackChannel.IN_PERSON
