"""The working-day calendar: a holiday on a weekend is a holiday even where weekends work."""

import datetime as dt

from receptions.calendar import WorkCalendar

D = dt.date


def test_a_package_holiday_on_a_saturday_is_off_where_weekends_count_as_working(db):
    calendar = WorkCalendar(weekends_off=False)  # 2025 comes from the chinesecalendar package

    assert calendar.day(D(2025, 10, 4)).off  # Saturday in the National Day holiday
    assert calendar.day(D(2025, 10, 4)).reason == "国庆节放假"
    assert not calendar.day(D(2025, 10, 11)).off  # a plain Saturday, weekends working


def test_a_package_makeup_working_sunday_is_a_working_day(db):
    assert WorkCalendar().is_working_day(D(2025, 1, 26))


def test_2027_is_not_covered_until_staff_enter_it(db):
    from receptions.models import CalendarYear

    assert not WorkCalendar().covers(2027)
    CalendarYear.objects.create(year=2027, complete=True, source="国务院办公厅通知")
    assert WorkCalendar().covers(2027)
