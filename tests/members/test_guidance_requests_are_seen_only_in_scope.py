"""规范 第十二条: a member's request is read by the member and their own district's staff
(and the municipal office); another district's staff get 404, other roles are refused,
and another member never sees it."""

import pytest
from django.urls import reverse

from members.choices import GuidanceKind
from members.models import GuidanceRequest
from members.services import guidance_request_ask


@pytest.fixture
def asked(personas):
    return guidance_request_ask(member=personas.member, kind=GuidanceKind.GUIDANCE,
                                subject="社区议事规则怎么定", details="请区政协指导居民议事规则。")


@pytest.mark.parametrize("who", ["yuexiu_staff", "city"])
def test_the_members_district_and_the_city_open_it(client, personas, asked, who):
    client.force_login(getattr(personas, who))
    url = reverse("admin:members_guidancerequest_change", args=[asked.pk])

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["liwan_staff", "tianhe_staff"])
def test_another_districts_staff_get_404(client, personas, asked, who):
    client.force_login(getattr(personas, who))
    url = reverse("admin:members_guidancerequest_change", args=[asked.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "越权"}).status_code == 404
    assert not GuidanceRequest.objects.filter(answer="越权").exists()


@pytest.mark.parametrize("who", ["beijing_clerk", "beijing_lead", "economy_staff"])
def test_other_roles_cannot_open_the_list(client, personas, asked, who):
    client.force_login(getattr(personas, who))

    assert client.get(reverse("admin:members_guidancerequest_changelist")).status_code == 403


def test_another_member_does_not_see_it_on_their_page(client, personas, asked):
    client.force_login(personas.other_member_user)

    assert "社区议事规则怎么定" not in client.get(reverse("members:guidance")).content.decode()


def test_a_login_without_a_member_gets_404(client, personas):
    client.force_login(personas.yuexiu_staff)

    assert client.get(reverse("members:guidance")).status_code == 404
