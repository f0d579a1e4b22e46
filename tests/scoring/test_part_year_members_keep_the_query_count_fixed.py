"""规范 第五条: members who joined or left during the year are judged in the same fixed
number of queries as the rest, by the quota engine's run over every member and by the staff
table (the months served and the prorated minimums are counted in one pass, not per member)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.choices import MemberStatus
from members.models import Member
from scoring.choices import DutyKind
from scoring.quotas import quota_status

from .conftest import YEAR, city_member, record

pytestmark = pytest.mark.django_db


def _part_year_members(n):
    for i in range(n):
        left = dt.date(YEAR, 12 - i % 6, 28) if i % 2 else None
        member = city_member(joined_on=dt.date(YEAR - i % 3, 1 + i % 6, 1), left_on=left,
                             status=MemberStatus.LEFT if left else MemberStatus.ACTIVE)
        record(DutyKind.COMMUNITY_ACTIVITY, member, date=dt.date(YEAR, 1 + i % 12, 10))


def _queries(func) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured)


def test_the_run_over_every_member_runs_a_fixed_number_of_queries():
    def run():
        status = quota_status(members=Member.objects.serving_in(YEAR), year=YEAR, many=True)
        return [row.behind for row in status.rows]

    _part_year_members(4)
    few = _queries(run)
    _part_year_members(40)
    assert _queries(run) == few <= 8


def test_the_staff_table_runs_a_fixed_number_of_queries(client, personas):
    client.force_login(personas.economy_staff)
    url = reverse("scoring:table")
    _part_year_members(4)
    client.get(url, {"year": YEAR})
    few = _queries(lambda: client.get(url, {"year": YEAR, "behind": "1"}))
    _part_year_members(40)
    assert _queries(lambda: client.get(url, {"year": YEAR, "behind": "1"})) == few
