"""An admin list of a large table counts at most `CappedPaginator.cap` matches and says
"more than N" beyond it, so a district's search over hundreds of thousands of cases does not
count them all; below the cap it shows the exact count, and pages through the list."""

import pytest
from django.urls import reverse

from core.paging import CappedPaginator

from .conftest import new_case

pytestmark = pytest.mark.django_db


def test_beyond_the_cap_the_list_says_more_than(client, ledger, monkeypatch):
    p = ledger.p
    for _ in range(3):
        new_case(ledger.activity, p.beijing_clerk)
    client.force_login(p.yuexiu_staff)
    url = reverse("admin:cases_case_changelist")

    html = client.get(url, {"q": "路灯"}).content.decode()
    assert "超过" not in html and "4 " in html  # 1 + 3, counted exactly

    monkeypatch.setattr(CappedPaginator, "cap", 2)
    response = client.get(url, {"q": "路灯"})
    assert response.context["cl"].result_count == 2
    assert "超过 2 条" in response.content.decode()


def test_the_cap_counts_only_what_the_user_may_see(client, ledger, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    client.force_login(ledger.p.liwan_staff)
    response = client.get(reverse("admin:cases_case_changelist"), {"q": "路灯"})
    assert response.context["cl"].result_count == 0
    assert list(response.context["cl"].result_list) == []
    assert "小区门口路灯不亮" not in response.content.decode()


def test_page_by_page_the_list_shows_every_match_once_in_its_order(client, ledger,
                                                                    monkeypatch):
    from cases.admin import CaseAdmin
    from cases.models import Case

    p = ledger.p
    for _ in range(4):
        new_case(ledger.activity, p.beijing_clerk)
    monkeypatch.setattr(CaseAdmin, "list_per_page", 2)
    client.force_login(p.yuexiu_staff)
    url = reverse("admin:cases_case_changelist")
    seen = []
    for number in (1, 2, 3):
        cl = client.get(url, {"q": "路灯", "p": number}).context["cl"]
        seen += [case.pk for case in cl.result_list]
    expected = list(Case.objects.for_user(p.yuexiu_staff).filter(content__contains="路灯")
                    .order_by("-raised_on", "-pk").values_list("pk", flat=True))
    assert cl.result_count == 5 and seen == expected


def test_a_page_beyond_the_cap_is_the_admins_invalid_page_not_an_error(client, ledger,
                                                                       monkeypatch):
    from cases.admin import CaseAdmin

    p = ledger.p
    for _ in range(4):
        new_case(ledger.activity, p.beijing_clerk)
    monkeypatch.setattr(CaseAdmin, "list_per_page", 2)
    monkeypatch.setattr(CappedPaginator, "cap", 4)
    client.force_login(p.yuexiu_staff)
    url = reverse("admin:cases_case_changelist")

    assert len(client.get(url, {"q": "路灯", "p": 2}).context["cl"].result_list) == 2
    response = client.get(url, {"q": "路灯", "p": 3})  # the fifth match, beyond the cap
    assert response.status_code == 302 and "e=1" in response["Location"]
