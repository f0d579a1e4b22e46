"""The clerk's start page shows their workroom's reception of today, or else the next one
(规范 第九条), with one tap to record it; once recorded, the tap goes on to the visitors.
So does the page every role lands on after signing in (home), for a clerk."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.services import activity_mark_held, activity_save
from receptions.choices import ReceptionStatus
from receptions.models import Reception
from scoring.choices import ActivityFormCode


def _reception(room, day, **extra):
    return Reception.objects.create(workroom=room, nominal_date=day, date=day, **extra)


@pytest.fixture(params=["cases:start", "home"])
def start_page(request):
    return request.param


@pytest.fixture
def _start(start_page):
    def opened(client, personas) -> str:
        client.force_login(personas.beijing_clerk)
        return client.get(reverse(start_page)).content.decode()
    return opened


def test_todays_reception_is_one_tap_from_being_recorded(client, personas, _start):
    today = timezone.localdate()
    reception = _reception(personas.beijing_room, today, place="北京街党群服务中心")
    _reception(personas.beijing_room, today + dt.timedelta(days=60))
    page = _start(client, personas)
    record = reverse("cases:activity_create", args=[personas.beijing_room.pk])
    assert "今天接待" in page and "北京街党群服务中心" in page
    assert f'href="{record}?reception={reception.pk}">记录今天的接待' in page


def test_otherwise_the_next_reception_is_shown(client, personas, _start):
    today = timezone.localdate()
    _reception(personas.beijing_room, today - dt.timedelta(days=3))
    _reception(personas.beijing_room, today + dt.timedelta(days=5),
               status=ReceptionStatus.CANCELLED)
    later = today + dt.timedelta(days=9)
    nxt = _reception(personas.beijing_room, later)
    _reception(personas.beijing_room, today + dt.timedelta(days=70))
    page = _start(client, personas)
    assert f"下一次接待：{later.year}年{later.month}月{later.day}日" in page
    assert f"?reception={nxt.pk}\">记录这次接待" in page
    assert page.count("?reception=") == 1


def test_once_recorded_the_tap_goes_to_the_visitor_form(client, personas, _start):
    today = timezone.localdate()
    reception = _reception(personas.beijing_room, today)
    activity = activity_save(
        workroom=personas.beijing_room, by=personas.beijing_clerk, members=[personas.member],
        fields={"form_id": ActivityFormCode.RECEPTION_DAY, "date": today, "reception": reception},
    )
    activity_mark_held(activity=activity, by=personas.beijing_clerk)
    page = _start(client, personas)
    assert "?reception=" not in page
    assert reverse("cases:visitor_add", args=[activity.pk]) in page


def test_a_workroom_without_receptions_keeps_the_plain_button(client, personas, _start):
    page = _start(client, personas)
    assert "下一次接待" not in page and "今天接待" not in page
    assert "记录接待或活动" in page


def test_a_member_who_keeps_no_workroom_sees_none_on_their_start_page(client, personas):
    client.force_login(personas.member_user)
    page = client.get(reverse("home")).content.decode()
    assert "我的工作室" not in page and "记录这次接待" not in page
