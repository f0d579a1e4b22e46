"""Recording an activity, the reception picker lists the workroom's receptions nearest to
today first (not a plan's last year at the top) and has today's chosen, with the form, the
date and the members on duty filled in (规范 第九条, 规范 第十四条)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from cases.services import activity_save
from receptions.models import Reception
from scoring.choices import ActivityFormCode


def _reception(room, day):
    return Reception.objects.create(workroom=room, nominal_date=day, date=day)


def _form(client, personas, **query):
    client.force_login(personas.beijing_clerk)
    url = reverse("cases:activity_create", args=[personas.beijing_room.pk])
    return client.get(url, query).context["form"]


def test_the_nearest_reception_comes_first_and_todays_is_chosen(client, personas):
    today, days = timezone.localdate(), dt.timedelta(days=1)
    room = personas.beijing_room
    far = _reception(room, today + 300 * days)
    past = _reception(room, today - 20 * days)
    todays = _reception(room, today)
    soon = _reception(room, today + 40 * days)
    form = _form(client, personas)
    assert list(form.fields["reception"].queryset) == [todays, past, soon, far]
    assert form["reception"].value() == todays.pk
    assert form["form"].value() == ActivityFormCode.RECEPTION_DAY
    assert form["date"].value() == today


def test_the_start_pages_reception_is_the_one_chosen(client, personas):
    today = timezone.localdate()
    nxt = _reception(personas.beijing_room, today + dt.timedelta(days=9))
    nxt.members.add(personas.member)
    form = _form(client, personas, reception=nxt.pk)
    assert form["reception"].value() == nxt.pk
    assert form["date"].value() == nxt.date
    assert form["members_present"].value() == [personas.member.pk]


def test_a_reception_already_recorded_is_not_chosen_again(client, personas):
    today = timezone.localdate()
    reception = _reception(personas.beijing_room, today)
    activity_save(workroom=personas.beijing_room, by=personas.beijing_clerk, members=[],
                  fields={"form_id": ActivityFormCode.RECEPTION_DAY, "date": today,
                          "reception": reception})
    assert _form(client, personas)["reception"].value() is None


def test_without_a_reception_today_nothing_is_chosen(client, personas):
    _reception(personas.beijing_room, timezone.localdate() + dt.timedelta(days=3))
    form = _form(client, personas)
    assert form["reception"].value() is None and not form["form"].value()
