"""规范 第五条: a member who left in June owes the year's quotas prorated to the months they
served, and only what they did while serving counts (a record dated after they left counts
nowhere), on their page, in the staff table and in a run over the whole city alike."""

import datetime as dt

import pytest
from django.urls import reverse

from members.choices import MemberStatus
from members.models import Member
from scoring.choices import DutyKind, QuotaMeasure
from scoring.models import MemberTally
from scoring.quotas import QuotaTable, quota_status

from ..factories import ConstituentFactory
from ..members.roster import csv_upload, import_members
from .conftest import YEAR, city_member, record

pytestmark = pytest.mark.django_db

JUNE_30 = dt.date(YEAR, 6, 30)


def _quota(row, kind):
    return next(q for q in row.applicable
                if q.rule.kind == kind and q.rule.measure == QuotaMeasure.RECORDS)


def _leaver(name="六月离任"):
    member = city_member(name=name)
    record(DutyKind.COMMUNITY_ACTIVITY, member, date=dt.date(YEAR, 5, 15))
    record(DutyKind.COMMUNITY_ACTIVITY, member, date=dt.date(YEAR, 9, 15))  # after leaving
    ConstituentFactory.create_batch(2, member=member)
    return member


def _leave(member, day=JUNE_30):
    member.status, member.left_on = MemberStatus.LEFT, day
    member.save()


def test_a_member_who_left_in_june_owes_half_a_year_and_counts_only_what_they_did_then():
    member = _leaver()
    _leave(member)
    row = quota_status(members=Member.objects.filter(pk=member.pk), year=YEAR).rows[0]
    assert row.months == 6
    visits = _quota(row, DutyKind.COMMUNITY_ACTIVITY)
    assert (visits.count, visits.minimum, visits.met) == (1, 1, True)  # September's is out
    assert _quota(row, DutyKind.PROPOSAL).minimum == 1  # ceil(1 × 6 / 12)
    constituents = next(q for q in row.applicable if q.rule.measure == QuotaMeasure.CONSTITUENTS)
    assert (constituents.count, constituents.minimum, constituents.met) == (2, 2, True)
    assert row.behind and {q.rule.kind for q in row.lacking} >= {DutyKind.PROPOSAL}
    assert row.points["topic_consultation"] == 10  # one visit while serving, 规范 第十四条


def test_taking_the_date_of_leaving_back_counts_the_later_record_again():
    member = _leaver()
    _leave(member)
    member.status, member.left_on = MemberStatus.ACTIVE, None
    member.save()
    assert MemberTally.objects.get(member=member, year=YEAR).c_community_activity == 2


def test_the_leaver_is_in_the_staff_table_and_the_city_run_with_the_same_verdicts(
    client, personas
):
    member = _leaver()
    _leave(member)
    city_member(name="去年离任", status=MemberStatus.LEFT, left_on=dt.date(YEAR - 1, 12, 31))
    city_member(name="离任无日期", status=MemberStatus.LEFT)
    client.force_login(personas.economy_staff)
    response = client.get(reverse("scoring:table"), {"year": YEAR})
    rows = {row.member.name: row for row in response.context["page"]}
    assert "六月离任" in rows and "去年离任" not in rows and "离任无日期" not in rows
    alone = quota_status(members=Member.objects.filter(pk=member.pk), year=YEAR).rows[0]
    city = quota_status(members=Member.objects.serving_in(YEAR), year=YEAR, many=True)
    in_city = next(row for row in city.rows if row.member.pk == member.pk)
    for row in (rows["六月离任"], in_city):
        assert row.months == alone.months == 6
        assert [(q.count, q.minimum) for q in row.applicable] == [
            (q.count, q.minimum) for q in alone.applicable]
    annotated = QuotaTable(YEAR).annotate(Member.objects.filter(pk=member.pk)).get()
    assert annotated.t_lacking == len(alone.lacking)


def test_a_roster_import_that_records_the_leaving_recounts_their_records(personas):
    member = _leaver()
    report = import_members(csv_upload(
        "姓名,委员层级,所属区,界别,专门委员会,手机号码,状态,离任日期",
        f"{member.name},市政协委员,越秀区,经济界,经济委员会,{member.phone},已离任,{JUNE_30}",
    ))
    assert report.ok and report.updated == 1, report.lines()
    assert MemberTally.objects.get(member=member, year=YEAR).c_community_activity == 1
