"""A form that creates something creates it once, however it is sent again: Back then save,
a double tap, two tabs submitting at the same moment. Each shown form carries its own hidden
token; the second submission of that form shows what the first one registered. And one
reception is one visit: it is recorded as one activity, or the members' visits and their 10
points would count twice (规范 第十四条)."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cases.models import Activity, Case, Topic, Visitor
from receptions.models import Reception
from scoring.choices import DutyKind
from scoring.models import DutyRecord

from .conftest import held_activity

DAY = dt.date(2026, 5, 15)


def _token(response) -> str:
    return re.search(r'name="(?:visitor-)?once" value="([0-9a-f-]{36})"',
                     response.content.decode()).group(1)


def _visitor_form(client, activity) -> dict:
    url = reverse("cases:visitor_add", args=[activity.pk])
    return {
        "visitor-once": _token(client.get(url)),
        "visitor-name": "李阿姨", "visitor-phone": "13900001111",
        "cases-TOTAL_FORMS": "1", "cases-INITIAL_FORMS": "0",
        "cases-MIN_NUM_FORMS": "1", "cases-MAX_NUM_FORMS": "20",
        "cases-0-topic": Topic.objects.get(name="养老服务").pk,
        "cases-0-town": activity.workroom.town_id, "cases-0-content": "长者饭堂太远",
    }


def _activity_form(client, room, member, **extra) -> dict:
    url = reverse("cases:activity_create", args=[room.pk])
    return {
        "once": _token(client.get(url)), "form": "reception_day", "date": DAY.isoformat(),
        "attendance": "8", "summary": "接待群众", "members_present": [member.pk],
        "submit": "held", **extra,
    }


def _visits(member) -> int:
    """The member's workroom visits in the ledger (the clerk's wait for staff to confirm)."""
    return DutyRecord.objects.filter(members=member, kind=DutyKind.COMMUNITY_ACTIVITY).count()


def test_back_then_save_registers_a_visitor_and_their_cases_once(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    url = reverse("cases:visitor_add", args=[activity.pk])
    typed = _visitor_form(client, activity)

    first = client.post(url, typed)
    again = client.post(url, typed, follow=True)

    assert first.status_code == 302
    assert Visitor.objects.count() == 1 and Case.objects.count() == 1
    assert again.redirect_chain[-1][0] == reverse("cases:activity", args=[activity.pk])
    assert "已经提交过，未重复登记" in again.content.decode()


def test_a_new_form_registers_the_next_visitor(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    url = reverse("cases:visitor_add", args=[activity.pk])
    client.post(url, _visitor_form(client, activity))
    client.post(url, _visitor_form(client, activity))  # shown anew: another visitor
    assert Visitor.objects.count() == 2 and Case.objects.count() == 2


def test_back_then_save_records_an_activity_and_its_visits_once(client, personas):
    client.force_login(personas.beijing_clerk)
    url = reverse("cases:activity_create", args=[personas.beijing_room.pk])
    typed = _activity_form(client, personas.beijing_room, personas.member)

    client.post(url, typed)
    again = client.post(url, typed)

    activity = Activity.objects.get()
    assert again.status_code == 302 and again.url == reverse("cases:activity", args=[activity.pk])
    assert DutyRecord.objects.filter(source_ref=f"activity:{activity.pk}").count() == 1
    assert _visits(personas.member) == 1


def test_one_reception_is_recorded_as_one_activity(client, personas):
    reception = Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=DAY, date=DAY,
    )
    client.force_login(personas.beijing_clerk)
    url = reverse("cases:activity_create", args=[personas.beijing_room.pk])
    client.post(url, _activity_form(client, personas.beijing_room, personas.member,
                                    reception=reception.pk))
    first = Activity.objects.get()

    second = client.post(url, _activity_form(client, personas.beijing_room, personas.member,
                                             reception=reception.pk))

    assert second.status_code == 200 and Activity.objects.count() == 1
    assert "该接待安排已有活动记录" in second.context["form"].errors["reception"][0]
    assert reverse("cases:activity", args=[first.pk]) in second.content.decode()
    assert _visits(personas.member) == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_of_one_form_register_once(personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    setup = Client()
    setup.force_login(personas.beijing_clerk)
    typed = _visitor_form(setup, activity)
    url = reverse("cases:visitor_add", args=[activity.pk])
    barrier, statuses = threading.Barrier(2), []

    def submit():
        client = Client(raise_request_exception=False)
        client.force_login(personas.beijing_clerk)
        barrier.wait()
        try:
            statuses.append(client.post(url, typed).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302, 302]
    assert Visitor.objects.count() == 1 and Case.objects.count() == 1
