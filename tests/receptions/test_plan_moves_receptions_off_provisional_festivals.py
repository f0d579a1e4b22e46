"""规范 第九条: a reception that falls on a festival moves to a later day, also in a year whose
State Council schedule is not entered yet (端午 2027-06-09, 中秋 2027-09-15)."""

import datetime as dt

from receptions.choices import Ordinal, Weekday
from receptions.services import reception_plan_year

from .conftest import dates_of

D = dt.date
TODAY = D(2026, 11, 23)


def test_a_second_wednesday_rule_moves_off_duanwu_2027(personas, rule):
    rule(ordinal=Ordinal.SECOND, weekday=Weekday.WEDNESDAY)
    personas.beijing_room.monthly_receptions = True
    personas.beijing_room.save()

    plan = dates_of(reception_plan_year(year=2027, today=TODAY), personas.beijing_room)

    assert plan[D(2027, 6, 9)] == (
        D(2027, 6, 10), "2027-06-09 为端午节放假（暂定），顺延至 2027-06-10"
    )


def test_the_15th_of_september_2027_moves_off_zhongqiu(personas):
    plan = dates_of(reception_plan_year(year=2027, today=TODAY), personas.hualin_room)

    assert plan[D(2027, 9, 15)] == (
        D(2027, 9, 16), "2027-09-15 为中秋节放假（暂定），顺延至 2027-09-16"
    )


def test_no_reception_planned_for_2027_falls_on_a_festival(personas, rule):
    from receptions.calendar import statutory_days
    from receptions.models import Reception

    rule(day_of_month=5)  # 越秀区: the 5th; 2027-02-05 is 除夕, 2027-04-05 清明
    personas.beijing_room.monthly_receptions = True
    personas.beijing_room.save()
    reception_plan_year(year=2027, today=TODAY)

    festivals = set(statutory_days(2027))
    dates = set(Reception.objects.values_list("date", flat=True))
    assert dates and not dates & festivals
    assert D(2027, 2, 9) in dates  # after 除夕 to 初三 (02-05..08)
    assert D(2027, 4, 6) in dates  # 清明 is a Monday


def test_the_plan_warning_says_festivals_were_avoided_but_dates_are_provisional(personas):
    result = reception_plan_year(year=2027, today=TODAY)

    assert "法定节日当天" in result.warnings[0]
    assert "日期均为暂定" in result.warnings[0]
