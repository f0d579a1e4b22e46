"""The reception day's shortcuts keep to the clerk's workroom: another workroom's visitor
form, route pages and receptions are not found (404) and nothing is registered or moved."""

from django.urls import reverse
from django.utils import timezone

from cases.choices import Action, CaseState
from cases.models import Case
from receptions.models import Reception

from .conftest import held_activity
from .reception_day import visitor_form_url, visitor_post


def test_another_workroom_cannot_settle_a_matter_on_this_visitor_form(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    typed = visitor_post(client, activity, {"handling": Action.ANSWER, "answer": "已答复。"})
    client.force_login(personas.hualin_clerk)
    assert client.post(visitor_form_url(activity), typed).status_code == 404
    assert not Case.objects.exists()


def test_another_workroom_cannot_route_from_this_activity(client, ledger):
    client.force_login(ledger.p.hualin_clerk)
    url = reverse("cases:route", args=[ledger.case.pk, Action.ANSWER]) + "?back=activity"
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "已答复。"}).status_code == 404
    ledger.case.refresh_from_db()
    assert ledger.case.state == CaseState.REGISTERED


def test_another_workrooms_reception_is_not_offered(client, personas):
    today = timezone.localdate()
    theirs = Reception.objects.create(
        workroom=personas.hualin_room, nominal_date=today, date=today
    )
    client.force_login(personas.beijing_clerk)
    url = reverse("cases:activity_create", args=[personas.beijing_room.pk])
    form = client.get(url, {"reception": theirs.pk}).context["form"]
    assert form["reception"].value() is None
    assert theirs not in form.fields["reception"].queryset
    start = client.get(reverse("cases:start")).content.decode()
    assert f"?reception={theirs.pk}" not in start
    other = reverse("cases:activity_create", args=[personas.hualin_room.pk])
    assert client.get(other, {"reception": theirs.pk}).status_code == 404

