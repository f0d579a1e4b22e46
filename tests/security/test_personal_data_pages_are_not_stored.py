"""Pages and downloads that show personal data unmasked go out with `Cache-Control: no-store`,
so no browser cache or proxy keeps a copy (个人信息保护法 第五十一条: security measures). Every
response to a logged-in user is such a page unless marked public on purpose."""

import pytest
from django.urls import reverse

from .conftest import PHONE


def assert_not_stored(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_case_page_with_the_visitor_in_full_is_not_stored(client, visitors):
    client.force_login(visitors.p.beijing_clerk)
    response = client.get(reverse("cases:case", args=[visitors.case.pk]))
    assert PHONE in response.content.decode()
    assert_not_stored(response)


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_the_ledger_downloads_are_not_stored(client, visitors, fmt):
    client.force_login(visitors.p.beijing_clerk)
    url = reverse("cases:ledger", args=[visitors.p.beijing_room.pk])
    assert_not_stored(client.get(url, {"format": fmt}))


def test_admin_pages_are_not_stored(client, visitors):
    client.force_login(visitors.p.yuexiu_staff)
    assert_not_stored(client.get(reverse("admin:cases_visitor_changelist")))


def test_the_public_pages_stay_cacheable_for_a_logged_in_user_too(client, visitors):
    """规范 第八条: the workroom pages are public and hold only public facts."""
    client.force_login(visitors.p.beijing_clerk)
    response = client.get(reverse("workrooms:detail", args=[visitors.p.beijing_room.pk]))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]
