"""规范 第五条: the months a member served and the prorated minimum they owe are counted the
same by the quota engine's runs (Python) and by the staff table and reports (SQL), for every
way of counting months and of rounding the rule allows."""

import datetime as dt
import itertools

import pytest

from members.choices import MemberStatus
from members.models import Member
from scoring.choices import MonthCounting, Rounding
from scoring.models import ProrationRule

from .conftest import YEAR, city_member

pytestmark = pytest.mark.django_db

DAYS = [None, dt.date(YEAR - 1, 5, 1), dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 31),
        dt.date(YEAR, 2, 28), dt.date(YEAR, 6, 14), dt.date(YEAR, 6, 15), dt.date(YEAR, 6, 30),
        dt.date(YEAR, 12, 1), dt.date(YEAR, 12, 31)]


@pytest.mark.parametrize("months", MonthCounting.values)
@pytest.mark.parametrize("rounding", Rounding.values)
def test_python_and_sql_agree(months, rounding):
    for joined, left in itertools.product(DAYS, DAYS):
        if joined and left and left < joined:
            continue
        city_member(joined_on=joined, left_on=left,
                    status=MemberStatus.LEFT if left else MemberStatus.ACTIVE)
    rule = ProrationRule(from_year=YEAR, months=months, rounding=rounding,
                         waived_below_months=2)
    found = Member.objects.annotate(t_months=rule.months_expression(YEAR)).annotate(
        **{f"due_{m}": rule.due_expression(m) for m in (1, 2, 3)})
    for member in found:
        served = rule.months_served(member.joined_on, member.left_on, YEAR)
        assert member.t_months == served, (member.joined_on, member.left_on)
        for minimum in (1, 2, 3):
            assert getattr(member, f"due_{minimum}") == rule.due(minimum, served)


def test_whole_months_mid_month_and_any_day_count_as_they_say():
    rule = ProrationRule(from_year=YEAR)
    june_14, june_15 = dt.date(YEAR, 6, 14), dt.date(YEAR, 6, 15)
    assert rule.months_served(None, june_14, YEAR) == 5
    assert rule.months_served(None, dt.date(YEAR, 6, 30), YEAR) == 6
    rule.months = MonthCounting.MID_MONTH
    assert (rule.months_served(None, june_14, YEAR), rule.months_served(None, june_15, YEAR)) \
        == (5, 6)
    rule.months = MonthCounting.ANY_DAY
    assert rule.months_served(None, dt.date(YEAR, 6, 1), YEAR) == 6
    assert rule.months_served(dt.date(YEAR, 12, 31), None, YEAR) == 1
    assert (rule.due(2, 6), rule.due(1, 1), rule.due(3, 12)) == (1, 0, 3)  # under 3 months: 0
