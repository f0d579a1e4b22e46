"""The working-day calendar: official holidays and make-up working days (调休).

Sources, strongest first: the Holiday table staff edit in the admin, then the
`chinesecalendar` package for the years it covers, then the plain week. A year that
neither the table (CalendarYear.complete) nor the package covers is reported as not
covered, so nobody mistakes a guess for the official schedule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar

from .choices import DayKind


@dataclass(frozen=True)
class DayInfo:
    off: bool
    reason: str  # in Chinese, empty for a plain working day


class WorkCalendar:
    """Loads each year's rows once; make one per job or request."""

    def __init__(self, *, weekends_off: bool = True):
        self.weekends_off = weekends_off
        self._rows: dict[int, dict[dt.date, tuple[str, str]]] = {}
        self._complete: dict[int, bool] = {}

    def _year(self, year: int) -> dict[dt.date, tuple[str, str]]:
        if year not in self._rows:
            from .models import CalendarYear, Holiday

            rows = Holiday.objects.filter(date__year=year).values_list("date", "kind", "name")
            self._rows[year] = {d: (kind, name) for d, kind, name in rows}
            self._complete[year] = CalendarYear.objects.filter(year=year, complete=True).exists()
        return self._rows[year]

    def covers(self, year: int) -> bool:
        self._year(year)
        return self._complete[year] or package_covers(year)

    def day(self, date: dt.date) -> DayInfo:
        row = self._year(date.year).get(date)
        if row:
            kind, name = row
            if kind == DayKind.HOLIDAY:
                return DayInfo(True, f"{name or '法定节假日'}放假")
            return DayInfo(False, "")  # 调休上班: a working day even on a weekend
        if package_covers(date.year):
            on_holiday, name = chinese_calendar.get_holiday_detail(date)
            # A holiday that falls on a weekend is still a holiday, also for districts
            # whose workrooms receive on weekends (the package names it; a plain weekend not).
            if on_holiday and (name or date.weekday() < 5):
                return DayInfo(True, f"{HOLIDAY_NAMES.get(name, name or '法定节假日')}放假")
            if not on_holiday and date.weekday() >= 5:
                return DayInfo(False, "")  # make-up working day in the package
        if date.weekday() >= 5:
            return DayInfo(self.weekends_off, WEEKDAY_NAMES[date.weekday()])
        return DayInfo(False, "")

    def is_working_day(self, date: dt.date) -> bool:
        return not self.day(date).off

    def next_working_day(self, date: dt.date) -> dt.date:
        """The date itself if it is a working day, otherwise the next one."""
        while self.day(date).off:
            date += dt.timedelta(days=1)
        return date

    def add_working_days(self, date: dt.date, days: int) -> dt.date:
        """The date `days` working days after `date` (a due date: 5 working days from today)."""
        while days > 0:
            date += dt.timedelta(days=1)
            if self.is_working_day(date):
                days -= 1
        return date


def package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_holiday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


WEEKDAY_NAMES = {5: "周六", 6: "周日"}
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
