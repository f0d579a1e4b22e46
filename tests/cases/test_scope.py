"""A member with no part in a case, another workroom's clerk and another district's staff
cannot read it: not by list, not by URL (404), not by admin search, not by export."""

import pytest
from django.urls import reverse

OUTSIDERS = ["other_member_user", "hualin_clerk", "liwan_staff", "tianhe_staff"]
INSIDERS = ["beijing_clerk", "beijing_lead", "yuexiu_staff", "city", "member_user"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_do_not_find_the_case_in_lists(client, ledger, who):
    client.force_login(getattr(ledger.p, who))
    for name in ("cases:list", "cases:overdue"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert list(response.context["page"]) == []
        assert "路灯" not in response.content.decode()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_by_url(client, ledger, who):
    client.force_login(getattr(ledger.p, who))
    case, activity = ledger.case, ledger.activity
    for url in (
        reverse("cases:case", args=[case.pk]),
        reverse("cases:route", args=[case.pk, "answer"]),
        reverse("cases:activity", args=[activity.pk]),
        reverse("cases:activity_edit", args=[activity.pk]),
        reverse("cases:visitor_add", args=[activity.pk]),
        reverse("cases:case_row", args=[activity.pk]),
    ):
        assert client.get(url).status_code in {403, 404}, url
    response = client.post(reverse("cases:route", args=[case.pk, "answer"]), {"answer": "x"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.state == "registered"


@pytest.mark.parametrize("who", ["hualin_clerk", "liwan_staff", "tianhe_staff"])
def test_outsiders_cannot_find_it_by_admin_search_or_open_it(client, ledger, who):
    client.force_login(getattr(ledger.p, who))
    response = client.get(reverse("admin:cases_case_changelist"), {"q": "路灯"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    url = reverse("admin:cases_case_change", args=[ledger.case.pk])
    assert client.get(url).status_code == 404
    visitor = reverse("admin:cases_visitor_change", args=[ledger.visitor.pk])
    assert client.get(visitor).status_code == 404


@pytest.mark.parametrize("who", ["hualin_clerk", "liwan_staff", "tianhe_staff"])
@pytest.mark.parametrize("fmt", ["", "xlsx", "pdf"])
def test_outsiders_cannot_export_the_ledger(client, ledger, who, fmt):
    client.force_login(getattr(ledger.p, who))
    url = reverse("cases:ledger", args=[ledger.p.beijing_room.pk])
    assert client.get(url, {"format": fmt}).status_code == 404


def test_members_and_committee_staff_get_no_ledger(client, ledger):
    for who in ("member_user", "economy_staff", "nobody"):
        client.force_login(getattr(ledger.p, who))
        url = reverse("cases:ledger", args=[ledger.p.beijing_room.pk])
        assert client.get(url, {"format": "xlsx"}).status_code in {403, 404}


@pytest.mark.parametrize("who", INSIDERS)
def test_people_with_a_part_in_the_case_read_it(client, ledger, who):
    client.force_login(getattr(ledger.p, who))
    assert client.get(reverse("cases:case", args=[ledger.case.pk])).status_code == 200
    assert ledger.case in client.get(reverse("cases:list")).context["page"]


def test_anonymous_visitors_are_sent_to_login(client, ledger):
    for url in (reverse("cases:list"), reverse("cases:case", args=[ledger.case.pk]),
                reverse("cases:ledger", args=[ledger.p.beijing_room.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_handler_from_elsewhere_sees_the_case_they_were_given(client, ledger):
    from cases.choices import Action
    from cases.services import case_route

    case_route(case=ledger.case, action=Action.TO_PETITION, by=ledger.p.yuexiu_staff,
               department=ledger.petition_office, handler=ledger.p.liwan_staff)
    client.force_login(ledger.p.liwan_staff)
    assert client.get(reverse("cases:case", args=[ledger.case.pk])).status_code == 200


def test_committee_staff_see_their_members_activities_but_no_cases_or_visitors(client, ledger):
    from cases.models import Activity, Case, Visitor

    staff = ledger.p.economy_staff  # 陈明 belongs to 经济委员会
    assert list(Activity.objects.for_user(staff)) == [ledger.activity]
    assert not Case.objects.for_user(staff).exists()
    assert not Visitor.objects.for_user(staff).exists()
    client.force_login(staff)
    assert client.get(reverse("cases:case", args=[ledger.case.pk])).status_code == 404
    assert ledger.case not in client.get(reverse("cases:list")).context["page"]
    client.force_login(ledger.p.agri_staff)
    assert client.get(reverse("cases:activity", args=[ledger.activity.pk])).status_code == 404
