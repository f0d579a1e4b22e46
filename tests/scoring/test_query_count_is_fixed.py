"""The engine and the staff table run the same number of queries for 5 or 50 members with
records (举措 三; the district table must stay fast at Guangzhou scale)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Member
from scoring.choices import DutyKind
from scoring.quotas import quota_status

from ..factories import ConstituentFactory
from .conftest import YEAR, city_member, record

pytestmark = pytest.mark.django_db


def _members_with_records(n):
    members = [city_member() for _ in range(n)]
    for i, member in enumerate(members):
        record(DutyKind.PROPOSAL, member, *members[i + 1:i + 3])
        record(DutyKind.COMMUNITY_ACTIVITY, member, confirmed=i % 2 == 0)
        ConstituentFactory(member=member)
    return members


def _queries(func) -> int:
    """Queries when nothing is cached (the count, chart and order of the staff table): those
    must not grow."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured)


def test_the_engine_runs_a_fixed_number_of_queries():
    _members_with_records(5)
    few = _queries(lambda: quota_status(members=Member.objects.all(), year=YEAR))
    _members_with_records(45)
    many = _queries(lambda: quota_status(members=Member.objects.all(), year=YEAR))
    assert few == many <= 5


@pytest.mark.parametrize("params", [{}, {"export": "xlsx"}, {"behind": "1", "sort": "total"}])
def test_the_staff_table_runs_the_same_number_of_queries_for_5_and_50_members(
    client, personas, params
):
    client.force_login(personas.economy_staff)
    url = reverse("scoring:table")
    _members_with_records(5)
    client.get(url, {"year": YEAR, **params})  # warm the session
    few = _queries(lambda: client.get(url, {"year": YEAR, **params}))
    _members_with_records(45)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"year": YEAR, **params})
    assert response.status_code == 200
    if not params.get("export"):
        assert len(response.context["page"]) >= 50
    assert len(captured) == few <= 13


def test_the_member_page_runs_a_fixed_number_of_queries(client, personas):
    client.force_login(personas.member_user)
    url = reverse("scoring:me")
    record(DutyKind.PROPOSAL, personas.member)
    ConstituentFactory(member=personas.member)
    client.get(url, {"year": YEAR})
    few = _queries(lambda: client.get(url, {"year": YEAR}))
    others = [city_member() for _ in range(5)]
    for _ in range(10):
        record(DutyKind.PROPOSAL, personas.member, *others)
        record(DutyKind.CONSULTATION, personas.member)
    ConstituentFactory.create_batch(3, member=personas.member)
    # 18, and the 三率 of the cases they took on (cases.rates, a fixed few)
    assert _queries(lambda: client.get(url, {"year": YEAR})) == few <= 24
