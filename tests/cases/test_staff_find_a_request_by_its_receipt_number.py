"""A resident without a phone asks at the workroom with their receipt: the clerk finds the
request by its number, on the case list and in the admin, within their own scope only."""

from django.urls import reverse

from .conftest import new_case


def test_the_clerk_finds_the_request_by_the_number_read_out(client, ledger):
    other = new_case(ledger.activity, ledger.p.beijing_clerk, content="另一件诉求")
    client.force_login(ledger.p.beijing_clerk)
    response = client.get(reverse("cases:list"), {"q": ledger.case.receipt})
    assert [c.pk for c in response.context["page"]] == [ledger.case.pk]
    assert other.pk not in [c.pk for c in response.context["page"]]


def test_a_clerk_of_another_town_finds_nothing_by_the_number(client, ledger):
    client.force_login(ledger.p.hualin_clerk)
    response = client.get(reverse("cases:list"), {"q": ledger.case.receipt_no})
    assert list(response.context["page"]) == []


def test_the_admin_search_finds_the_request_by_its_number(client, ledger):
    client.force_login(ledger.p.city)
    response = client.get(reverse("admin:cases_case_changelist"), {"q": ledger.case.receipt})
    assert [c.pk for c in response.context["cl"].result_list] == [ledger.case.pk]
