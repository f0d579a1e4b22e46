"""The working-day calendar: official holidays and make-up working days (调休).

Sources, strongest first: the Holiday table staff edit in the admin, then the
`chinesecalendar` package for the years it covers, then the plain week. A year that
neither the table (CalendarYear.complete) nor the package covers is reported as not
covered, so nobody mistakes a guess for the official schedule; in such a year the
statutory festivals, whose days are known in advance, are still days off, marked
provisional (暂定) until the State Council's schedule is entered.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import chinese_calendar
from borax.calendars.lunardate import LunarDate, TermUtils

from .choices import DayKind


@dataclass(frozen=True)
class DayInfo:
    off: bool
    reason: str  # in Chinese, empty for a plain working day
    provisional: bool = False  # a statutory festival of a year not entered yet


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

    def provisional_note(self, year: int) -> str:
        """What every date of a year not covered carries: it may still move."""
        return "" if self.covers(year) else provisional_note(year)

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
        elif not self.covers(date.year) and (name := statutory_days(date.year).get(date)):
            return DayInfo(True, f"{name}放假（暂定）", provisional=True)
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


def provisional_note(year: int) -> str:
    return f"暂定，待国务院公布{year}年放假安排"


@functools.cache
def statutory_days(year: int) -> dict[dt.date, str]:
    """The days off that 《全国年节及纪念日放假办法》 (as revised in 2024) fixes for every year,
    before the State Council publishes the year's schedule (its bridges and make-up working
    days cannot be known in advance): 元旦 1 January; 春节 the lunar new year's eve and the
    first three days of the first lunar month; 清明节 the day of the solar term; 劳动节 1 and 2
    May; 端午节 the 5th of the 5th lunar month; 中秋节 the 15th of the 8th; 国庆节 1 to 3 October.
    The lunar dates and the solar term come from borax's tables (1900 to 2100)."""
    if not LUNAR_YEARS[0] <= year <= LUNAR_YEARS[1]:
        return {}
    spring = LunarDate(year, 1, 1).to_solar_date()
    days = {
        dt.date(year, 1, 1): "元旦",
        TermUtils.nth_term_day(year, term_name="清明"): "清明节",
        dt.date(year, 5, 1): "劳动节",
        dt.date(year, 5, 2): "劳动节",
        LunarDate(year, 5, 5).to_solar_date(): "端午节",
        LunarDate(year, 8, 15).to_solar_date(): "中秋节",
        **{dt.date(year, 10, day): "国庆节" for day in (1, 2, 3)},
    }
    for offset in range(-1, 3):  # 除夕 to 初三 (the new year is never before 21 January)
        days[spring + dt.timedelta(days=offset)] = "春节"
    return days


LUNAR_YEARS = (1900, 2100)  # the years of borax's lunar and solar-term tables
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
