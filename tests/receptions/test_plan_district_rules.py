"""规范 第九条: a district may fix its own regular day instead of the 15th."""

import datetime as dt

import pytest
from django.db import IntegrityError

from receptions.choices import Ordinal, Weekday
from receptions.services import reception_plan_year

from .conftest import NEW_YEAR_2026, dates_of

D = dt.date


def test_a_fixed_day_rule_plans_that_day_of_every_odd_month(personas, rule):
    rule(day_of_month=10)

    plan = dates_of(reception_plan_year(year=2026, today=NEW_YEAR_2026), personas.beijing_room)

    assert sorted(plan) == [D(2026, m, 10) for m in (1, 3, 5, 7, 9, 11)]
    assert plan[D(2026, 1, 10)] == (D(2026, 1, 12), "2026-01-10 为周六，顺延至 2026-01-12")
    assert plan[D(2026, 5, 10)] == (D(2026, 5, 11), "2026-05-10 为周日，顺延至 2026-05-11")
    assert plan[D(2026, 3, 10)] == (D(2026, 3, 10), "")


def test_the_rule_applies_to_its_district_only(personas, rule):
    rule(day_of_month=10)

    plan = dates_of(reception_plan_year(year=2026, today=NEW_YEAR_2026), personas.hualin_room)

    assert sorted(plan) == [D(2026, m, 15) for m in (1, 3, 5, 7, 9, 11)]


def test_the_second_wednesday_rule(personas, rule):
    rule(ordinal=Ordinal.SECOND, weekday=Weekday.WEDNESDAY)

    plan = dates_of(reception_plan_year(year=2026, today=NEW_YEAR_2026), personas.beijing_room)

    assert [actual for actual, _ in plan.values()] == [
        D(2026, 1, 14),
        D(2026, 3, 11),
        D(2026, 5, 13),
        D(2026, 7, 8),
        D(2026, 9, 9),
        D(2026, 11, 11),
    ]
    assert all(day.weekday() == 2 for day in plan)


def test_the_last_friday_rule(personas, rule):
    rule(ordinal=Ordinal.LAST, weekday=Weekday.FRIDAY)

    plan = dates_of(reception_plan_year(year=2026, today=NEW_YEAR_2026), personas.beijing_room)

    assert sorted(plan)[:2] == [D(2026, 1, 30), D(2026, 3, 27)]


def test_a_district_that_receives_on_weekends_keeps_weekend_days(personas, rule):
    rule(day_of_month=10, weekends_count_as_working=True)

    plan = dates_of(reception_plan_year(year=2026, today=NEW_YEAR_2026), personas.beijing_room)

    assert plan[D(2026, 1, 10)] == (D(2026, 1, 10), "")
    assert plan[D(2026, 5, 10)] == (D(2026, 5, 10), "")


def test_holidays_still_move_receptions_of_a_district_that_receives_on_weekends(personas, rule):
    rule(day_of_month=1, weekends_count_as_working=True)

    plan = dates_of(reception_plan_year(year=2026, today=NEW_YEAR_2026), personas.beijing_room)

    # 2026-01-01..03 元旦 off (01-03 a Saturday); 05-01..05 劳动节 off (05-02, 05-03 weekend).
    assert plan[D(2026, 1, 1)] == (D(2026, 1, 4), "2026-01-01 为元旦放假，顺延至 2026-01-04")
    assert plan[D(2026, 5, 1)] == (D(2026, 5, 6), "2026-05-01 为劳动节放假，顺延至 2026-05-06")


@pytest.mark.parametrize(
    "fields",
    [
        {"day_of_month": 31},
        {"day_of_month": 10, "ordinal": Ordinal.SECOND, "weekday": Weekday.MONDAY},
        {"ordinal": Ordinal.SECOND},
    ],
)
def test_a_rule_that_names_no_single_day_is_refused(db, rule, fields):
    with pytest.raises(IntegrityError):
        rule(**fields)
