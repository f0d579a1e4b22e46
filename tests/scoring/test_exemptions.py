"""规范 第五条: exempt members owe no community visits; 举措 三（一）: only standing members owe
a 常委专题议政."""

import pytest

from members.models import Member
from scoring.choices import DutyKind
from scoring.quotas import quota_status

from .conftest import YEAR, city_member, exempt_sector, full_year

pytestmark = pytest.mark.django_db


def _row(member):
    return quota_status(members=Member.objects.filter(pk=member.pk), year=YEAR).rows[0]


def test_member_of_an_exempt_sector_is_not_behind_on_visits():
    member = city_member(sector=exempt_sector())
    full_year(member)
    # Without those visits (records are never deleted: the member is taken off them).
    member.duty_records.remove(*member.duty_records.filter(kind=DutyKind.COMMUNITY_ACTIVITY))
    row = _row(member)
    assert all(q.rule.kind != DutyKind.COMMUNITY_ACTIVITY for q in row.applicable)
    assert not row.behind


def test_individually_exempt_member_is_not_behind_on_visits():
    member = city_member(exempt=True, exempt_reason="中联办住港澳委员")
    row = _row(member)
    assert all(q.rule.kind != DutyKind.COMMUNITY_ACTIVITY for q in row.applicable)
    assert all(q.rule.kind != DutyKind.COMMUNITY_ACTIVITY for q in row.lacking)


def test_non_standing_member_has_no_standing_deliberation_quota():
    member = city_member(is_standing=False)
    row = _row(member)
    assert DutyKind.STANDING_DELIBERATION not in [q.rule.kind for q in row.applicable]
    full_year(member)
    assert not _row(member).behind


def test_standing_member_is_behind_without_a_standing_deliberation():
    member = city_member(is_standing=True)
    full_year(member)
    row = _row(member)
    assert [q.rule.kind for q in row.lacking] == [DutyKind.STANDING_DELIBERATION]
