"""Each seeded quota: missing until the member has enough confirmed records (举措 三)."""

import pytest

from members.models import Member
from scoring.choices import DutyKind
from scoring.quotas import quota_status

from ..factories import ConstituentFactory
from .conftest import YEAR, city_member, full_year, record

pytestmark = pytest.mark.django_db

ONE_A_YEAR = [
    DutyKind.PROPOSAL, DutyKind.SOCIAL_REPORT, DutyKind.COMMITTEE_RESEARCH, DutyKind.GRASSROOTS,
]


def _progress(member, kind):
    row = quota_status(members=Member.objects.filter(pk=member.pk), year=YEAR).rows[0]
    return next(q for q in row.applicable if q.rule.kind == kind)


@pytest.mark.parametrize("kind", ONE_A_YEAR)
def test_one_record_a_year_meets_the_quota(kind):
    member = city_member()
    assert _progress(member, kind).missing == 1
    record(kind, member)
    assert _progress(member, kind).met


def test_two_community_visits_are_needed_not_one():
    member = city_member()  # 规范 第五条
    record(DutyKind.COMMUNITY_ACTIVITY, member)
    progress = _progress(member, DutyKind.COMMUNITY_ACTIVITY)
    assert (progress.count, progress.missing, progress.met) == (1, 1, False)
    record(DutyKind.COMMUNITY_ACTIVITY, member)
    assert _progress(member, DutyKind.COMMUNITY_ACTIVITY).met


def test_records_of_another_year_do_not_count():
    import datetime as dt

    member = city_member()
    record(DutyKind.PROPOSAL, member, date=dt.date(YEAR - 1, 12, 31))
    record(DutyKind.PROPOSAL, member, date=dt.date(YEAR + 1, 1, 1))
    assert _progress(member, DutyKind.PROPOSAL).count == 0


def test_three_paired_constituents_meet_the_quota_and_more_than_five_is_flagged():
    member = city_member()  # 举措 三（三）
    ConstituentFactory.create_batch(2, member=member)
    assert _progress(member, "").missing == 1
    ConstituentFactory(member=member)
    assert _progress(member, "").met
    ConstituentFactory.create_batch(3, member=member)  # bypassing the form's check
    assert _progress(member, "").over


def test_a_member_meeting_every_quota_is_not_behind():
    member = city_member()
    full_year(member)
    row = quota_status(members=Member.objects.filter(pk=member.pk), year=YEAR).rows[0]
    assert not row.behind and row.lacking == []


def test_a_district_member_owes_only_the_community_visits():
    from ..factories import MemberFactory

    member = MemberFactory()  # 区政协委员: 举措 is addressed to city members
    row = quota_status(members=Member.objects.filter(pk=member.pk), year=YEAR).rows[0]
    assert [q.rule.kind for q in row.applicable] == [DutyKind.COMMUNITY_ACTIVITY]
