"""A run over every member of the city (the reminders, the quota command) judges each member
exactly as their own page does, whatever their level, standing, exemption (规范 第五条) and
records; and it hands back each member with their district, sector and committee."""

import pytest

from members.choices import Level
from members.models import Member
from scoring.choices import DutyKind
from scoring.quotas import quota_status

from ..factories import ConstituentFactory, MemberFactory, district
from .conftest import YEAR, city_member, exempt_sector, full_year, record

pytestmark = pytest.mark.django_db


def _members():
    standing = city_member(name="常委", is_standing=True)
    full_year(standing, standing=True)
    partly = city_member(name="部分")
    record(DutyKind.PROPOSAL, partly, standing)  # joint: counts for both
    record(DutyKind.COMMUNITY_ACTIVITY, partly, confirmed=False)
    ConstituentFactory(member=partly)
    by_sector = city_member(name="港澳界别", sector=exempt_sector())
    record(DutyKind.COMMUNITY_ACTIVITY, by_sector)
    in_person = city_member(name="本人免除", exempt=True, exempt_reason="中联办住港澳委员")
    local = MemberFactory(name="区委员", level=Level.DISTRICT, district=district("天河区"))
    record(DutyKind.COMMUNITY_ACTIVITY, local)
    record(DutyKind.SOCIAL_REPORT, local, confirmed=False)
    nothing = MemberFactory(name="无记录", level=Level.PROVINCIAL)
    return [standing, partly, by_sector, in_person, local, nothing]


def _verdicts(row) -> dict:
    return {
        "counts": row.counts, "pending": row.pending, "points": row.points,
        "total": row.total_points, "behind": row.behind,
        "quotas": {pk: None if q is None else (q.count, q.pending, q.met, q.percent)
                   for pk, q in row.quotas.items()},
    }


def test_every_member_gets_the_verdicts_of_their_own_page():
    members = _members()
    city = quota_status(members=Member.objects.all(), year=YEAR, many=True)
    assert [row.member.name for row in city.rows] == [m.name for m in members]
    for member, row in zip(members, city.rows, strict=True):
        alone = quota_status(members=Member.objects.filter(pk=member.pk), year=YEAR).rows[0]
        assert _verdicts(row) == _verdicts(alone), member.name
        assert {rule.pk for rule in city.rules if rule.applies(member)} == {
            pk for pk, q in row.quotas.items() if q is not None
        }
    assert [row.member.name for row in city.rows if not row.behind] == ["常委"]


def test_the_run_hands_back_each_member_with_their_district_sector_and_committee(
    django_assert_num_queries,
):
    members = _members()
    rows = quota_status(members=Member.objects.order_by("pk"), year=YEAR, many=True).rows
    with django_assert_num_queries(0):
        seen = [(row.member.pk, row.member.district.name, row.member.sector.name,
                 row.member.committee and row.member.committee.name) for row in rows]
    assert seen == [(m.pk, m.district.name, m.sector.name, m.committee and m.committee.name)
                    for m in members]
