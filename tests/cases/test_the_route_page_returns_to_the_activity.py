"""Routing the day's cases from the activity page (规范 第十三条): each route page opened
there returns there once the move is made, so each case takes one page."""

from django.urls import reverse

from cases.choices import Action, CaseState


def test_the_route_page_returns_to_the_activity_it_was_opened_from(client, ledger):
    client.force_login(ledger.p.beijing_clerk)
    activity = reverse("cases:activity", args=[ledger.activity.pk])
    page = client.get(activity)
    route = reverse("cases:route", args=[ledger.case.pk, Action.SUBMIT_TO_LEADER])
    assert f"{route}?back=activity" in page.content.decode()
    response = client.post(f"{route}?back=activity", {})
    assert response.status_code == 302 and response.url == activity
    ledger.case.refresh_from_db()
    assert ledger.case.state == CaseState.AWAITING_INSTRUCTION
    # routed, it leaves the activity's list of cases to route
    assert f"{route}?back=activity" not in client.get(activity).content.decode()
