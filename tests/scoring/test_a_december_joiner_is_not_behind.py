"""规范 第五条: the community duty is yearly, so a member who joins in December is not
"behind": the seeded part-year rule (a local setting: whole months served, each quota ×
months ÷ 12 rounded up, nothing owed under 3 months) asks nothing of them, while a member
who joined in September owes each quota prorated."""

import datetime as dt

import pytest
from django.urls import reverse

from members.models import Member
from scoring.choices import DutyKind, QuotaMeasure
from scoring.quotas import QuotaTable, quota_status

from .conftest import YEAR, city_member, record

pytestmark = pytest.mark.django_db


def _row(member):
    return quota_status(members=Member.objects.filter(pk=member.pk), year=YEAR).rows[0]


def _quota(row, kind):
    return next(q for q in row.applicable
                if q.rule.kind == kind and q.rule.measure == QuotaMeasure.RECORDS)


@pytest.mark.parametrize("day", [1, 10, 31])
def test_a_member_who_joined_in_december_owes_nothing_that_year(day):
    member = city_member(joined_on=dt.date(YEAR, 12, day))
    row = _row(member)
    assert row.months == (1 if day == 1 else 0)
    assert row.applicable and all(q.minimum == 0 and q.met for q in row.applicable)
    assert not row.behind


def test_the_staff_table_does_not_count_the_december_joiner_as_behind(client, personas):
    city_member(name="十二月任职", joined_on=dt.date(YEAR, 12, 1))
    client.force_login(personas.economy_staff)
    response = client.get(reverse("scoring:table"), {"year": YEAR, "behind": "1"})
    assert response.status_code == 200
    behind = [row.member.name for row in response.context["page"]]
    assert "陈明" in behind and "十二月任职" not in behind
    table = QuotaTable(YEAR)
    joiner = table.annotate(Member.objects.filter(name="十二月任职")).get()
    assert (joiner.t_months, joiner.t_lacking) == (1, 0)


def test_a_member_who_joined_in_september_owes_each_quota_prorated_and_rounded_up():
    member = city_member(joined_on=dt.date(YEAR, 9, 1))  # 4 whole months
    record(DutyKind.COMMUNITY_ACTIVITY, member, date=dt.date(YEAR, 9, 15))
    row = _row(member)
    assert row.months == 4
    visits = _quota(row, DutyKind.COMMUNITY_ACTIVITY)
    assert (visits.count, visits.minimum, visits.rule.minimum, visits.met) == (1, 1, 2, True)
    assert visits.prorated
    proposal = _quota(row, DutyKind.PROPOSAL)
    assert (proposal.minimum, proposal.met) == (1, False)  # ceil(1 × 4 / 12)
    assert row.behind


def test_a_member_who_joined_after_the_year_is_not_in_its_table():
    city_member(name="明年任职", joined_on=dt.date(YEAR + 1, 1, 5))
    city_member(name="今年任职", joined_on=dt.date(YEAR, 3, 1))
    assert set(Member.objects.serving_in(YEAR).values_list("name", flat=True)) == {"今年任职"}
