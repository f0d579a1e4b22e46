"""规范 第九条: receptions move off holidays. Before the State Council publishes a year's
schedule, the statutory festivals of 《全国年节及纪念日放假办法》 are known in advance (the lunar
ones and 清明 computed) and are days off, marked provisional."""

import datetime as dt

import chinese_calendar
import pytest

from receptions.calendar import WorkCalendar, statutory_days

D = dt.date


def test_the_2027_festivals_fall_on_the_days_of_the_lunar_calendar():
    days = statutory_days(2027)

    assert days[D(2027, 2, 6)] == "春节"  # 正月初一
    assert [days.get(D(2027, 2, d)) for d in (5, 6, 7, 8)] == ["春节"] * 4  # 除夕 to 初三
    assert days[D(2027, 4, 5)] == "清明节"
    assert days[D(2027, 6, 9)] == "端午节"
    assert days[D(2027, 9, 15)] == "中秋节"
    assert days[D(2027, 1, 1)] == "元旦"
    assert [days.get(D(2027, 5, d)) for d in (1, 2)] == ["劳动节"] * 2
    assert [days.get(D(2027, 10, d)) for d in (1, 2, 3)] == ["国庆节"] * 3
    assert len(days) == 13  # the 13 statutory days off since 2025


@pytest.mark.parametrize("year", range(2008, 2027))
def test_the_computed_festivals_were_days_off_in_every_published_year(year):
    """规范 第九条: checked against the State Council's schedules the calendar package holds."""
    days = statutory_days(year)
    spring = min(day for day, name in days.items() if name == "春节") + dt.timedelta(days=1)
    for name in ("清明节", "端午节", "中秋节"):
        [day] = [d for d, n in days.items() if n == name] or [None]
        if day is not None:  # 中秋 on 1 October is listed as 国庆节
            assert chinese_calendar.is_holiday(day), (name, day)
    assert chinese_calendar.is_holiday(spring), ("春节", spring)


def test_a_festival_of_a_year_not_entered_is_a_provisional_day_off(db):
    info = WorkCalendar(weekends_off=False).day(D(2027, 6, 9))

    assert info.off and info.provisional
    assert info.reason == "端午节放假（暂定）"
    assert WorkCalendar().is_working_day(D(2027, 6, 10))


def test_once_the_year_is_entered_its_own_rows_decide(db):
    from receptions.models import CalendarYear, Holiday

    Holiday.objects.create(date=D(2027, 6, 9), kind="holiday", name="端午节")
    CalendarYear.objects.create(year=2027, complete=True, source="国务院办公厅通知")

    info = WorkCalendar().day(D(2027, 6, 9))
    assert info.off and not info.provisional and info.reason == "端午节放假"
    assert WorkCalendar().is_working_day(D(2027, 9, 15))  # not entered: a working day


def test_a_year_the_package_covers_keeps_the_official_schedule(db):
    calendar = WorkCalendar()

    assert calendar.day(D(2026, 6, 19)).reason == "端午节放假"
    assert not calendar.day(D(2026, 6, 19)).provisional
