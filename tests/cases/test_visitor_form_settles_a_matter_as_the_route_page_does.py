"""A matter answered on the spot (规范 第十三条（一）) or not taken on (规范 第十一条) can be
settled on the visitor form itself. It leaves the case in the same state, with the same
steps, texts and duty records (none) as registering it and then using the route page."""

from django.urls import reverse

from cases.choices import Action, CaseState, RefusalProcedure, Route
from cases.models import Case
from notices.models import Message
from scoring.models import DutyRecord

from .conftest import held_activity
from .reception_day import visitor_form_url, visitor_post

ANSWER = {"answer": "长者饭堂下月在本社区开设分点。"}
REFUSAL = {
    "procedure": RefusalProcedure.ARBITRATION, "referred_body": "越秀区劳动人事争议仲裁委员会",
}


def _what_it_left(case: Case) -> dict:
    case.refresh_from_db()
    return {
        "state": case.state, "route": case.route, "outcome": case.outcome,
        "referred": (case.referred_procedure, case.referred_body),
        "open": (case.due_date, case.handler_id), "closed": case.closed_at is not None,
        "steps": list(case.steps.values_list("action", "from_state", "to_state", "by")),
        "told": Message.objects.filter(key=f"case:{case.pk}:outcome").count(),
    }


def _both_ways(client, personas, action: str, fields: dict) -> tuple[dict, dict]:
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    records = DutyRecord.objects.count()

    client.post(visitor_form_url(activity), visitor_post(client, activity, {
        "handling": action, **fields,
    }))
    on_the_form = Case.objects.get()
    client.post(visitor_form_url(activity), visitor_post(client, activity, {}, name="周先生"))
    later = Case.objects.exclude(pk=on_the_form.pk).get()
    client.post(reverse("cases:route", args=[later.pk, action]), fields)

    assert DutyRecord.objects.count() == records  # neither way credits anyone
    return _what_it_left(on_the_form), _what_it_left(later)


def test_answered_on_the_visitor_form_as_on_the_route_page(client, personas):
    on_the_form, later = _both_ways(client, personas, Action.ANSWER, ANSWER)
    assert on_the_form == later
    assert (on_the_form["state"], on_the_form["route"]) == (CaseState.CLOSED, Route.ON_THE_SPOT)
    assert on_the_form["outcome"] == ANSWER["answer"] and on_the_form["closed"]
    assert [s[:3] for s in on_the_form["steps"]] == [
        (Action.REGISTER, "", CaseState.REGISTERED),
        (Action.ANSWER, CaseState.REGISTERED, CaseState.CLOSED),
    ]
    assert on_the_form["told"] >= 1


def test_refused_on_the_visitor_form_as_on_the_route_page(client, personas):
    on_the_form, later = _both_ways(client, personas, Action.REFUSE, REFUSAL)
    assert on_the_form == later
    assert (on_the_form["state"], on_the_form["route"]) == (CaseState.REFUSED, Route.REFUSED)
    assert on_the_form["referred"] == (RefusalProcedure.ARBITRATION, REFUSAL["referred_body"])
    assert [s[:3] for s in on_the_form["steps"]] == [
        (Action.REGISTER, "", CaseState.REGISTERED),
        (Action.REFUSE, CaseState.REGISTERED, CaseState.REFUSED),
    ]


def test_a_matter_left_for_later_waits_to_be_routed(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    response = client.post(visitor_form_url(activity), visitor_post(
        client, activity, {"handling": Action.ANSWER, **ANSWER}, {"content": "楼道灯坏了"},
    ), follow=True)
    assert sorted(Case.objects.values_list("state", flat=True)) == [
        CaseState.CLOSED, CaseState.REGISTERED,
    ]
    assert "已登记2项诉求，其中1项已当场办理" in response.content.decode()
