"""规范 第十四条: 市政协委员进社区活动纳入专题协商类别考核，每次计附加分10分."""

from decimal import Decimal

import pytest

from members.models import Member
from scoring.choices import DutyKind
from scoring.quotas import quota_status

from ..factories import MemberFactory
from .conftest import YEAR, city_member, record

pytestmark = pytest.mark.django_db


def _points(member):
    return quota_status(members=Member.objects.filter(pk=member.pk), year=YEAR).rows[0].points


def test_each_community_visit_of_a_city_member_earns_ten_points_in_topic_consultation():
    member = city_member()
    record(DutyKind.COMMUNITY_ACTIVITY, member)
    record(DutyKind.COMMUNITY_ACTIVITY, member)
    assert _points(member) == {"topic_consultation": Decimal(20)}


def test_a_district_members_community_visit_earns_no_bonus():
    member = MemberFactory()  # 区政协委员
    record(DutyKind.COMMUNITY_ACTIVITY, member)
    assert "topic_consultation" not in _points(member)


@pytest.mark.parametrize("kind", [DutyKind.PROPOSAL, DutyKind.SOCIAL_REPORT, DutyKind.GRASSROOTS])
def test_other_kinds_do_not_earn_the_topic_consultation_bonus(kind):
    member = city_member()
    record(kind, member)
    points = _points(member)
    assert "topic_consultation" not in points and sum(points.values()) > 0


def test_a_rule_for_the_level_wins_over_the_rule_for_all_levels():
    from scoring.models import ScoringRule

    ScoringRule.objects.create(
        year=YEAR, kind=DutyKind.COMMUNITY_ACTIVITY, level="", category="liaison", points=2
    )
    city, district = city_member(), MemberFactory()
    record(DutyKind.COMMUNITY_ACTIVITY, city, district)
    assert _points(city) == {"topic_consultation": Decimal(10)}
    assert _points(district) == {"liaison": Decimal(2)}
