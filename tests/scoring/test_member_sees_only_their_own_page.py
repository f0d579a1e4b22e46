"""我的履职: a member sees their own page and nobody else's (outsiders get 404)."""

import pytest
from django.urls import reverse

from scoring.choices import DutyKind

from .conftest import record

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in(client, personas):
    response = client.get(reverse("scoring:me"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_member_reads_their_own_quotas_and_points(client, personas):
    record(DutyKind.COMMUNITY_ACTIVITY, personas.member, title="北京街接待日")
    client.force_login(personas.member_user)
    response = client.get(reverse("scoring:me"), {"year": 2026})
    page = response.content.decode()
    assert response.status_code == 200
    assert "我的履职" in page and "陈明" in page
    assert "进社区（工作室）活动" in page and "1/2" in page and "还差 1 次" in page
    assert "北京街接待日" in page and "专题协商" in page


def test_a_member_cannot_open_another_members_page_or_archive(client, personas):
    client.force_login(personas.member_user)
    other = personas.other_member.pk
    assert client.get(reverse("scoring:member", args=[other])).status_code == 404
    assert client.get(reverse("scoring:member_archive", args=[other])).status_code == 404
    assert client.get(reverse("scoring:member", args=[personas.member.pk])).status_code == 200


def test_a_login_without_a_member_gets_404_on_my_page(client, personas):
    client.force_login(personas.nobody)
    assert client.get(reverse("scoring:me")).status_code == 404


def test_staff_open_members_of_their_scope_only(client, personas):
    client.force_login(personas.yuexiu_staff)
    assert client.get(reverse("scoring:member", args=[personas.member.pk])).status_code == 200
    assert client.get(reverse("scoring:member", args=[personas.other_member.pk])).status_code == 404


def test_members_and_roleless_logins_get_404_on_the_staff_table(client, personas):
    for user in (personas.member_user, personas.nobody, personas.beijing_clerk):
        client.force_login(user)
        assert client.get(reverse("scoring:table")).status_code == 404


def test_the_member_page_links_the_members_own_reception_calendar(client, personas):
    from receptions.models import MemberCalendarFeed

    client.force_login(personas.member_user)
    page = client.get(reverse("scoring:me")).content.decode()
    token = MemberCalendarFeed.objects.get(member=personas.member).token
    url = reverse("workrooms:member_ics", args=[token])
    assert url in page
    assert client.get(url).status_code == 200
