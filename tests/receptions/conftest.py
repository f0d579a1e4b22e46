import datetime as dt

import pytest

from receptions.models import DistrictReceptionRule
from tests.factories import district

NEW_YEAR_2026 = dt.date(2026, 1, 1)


@pytest.fixture
def rule(db):
    """A district rule for 越秀区 (where 北京街工作室 is); set its fields in the test."""

    def make(**fields):
        return DistrictReceptionRule.objects.create(district=district("越秀区"), **fields)

    return make


def dates_of(result, workroom):
    return {
        row.nominal_date: (row.date, row.reason) for row in result.rows if row.workroom == workroom
    }


@pytest.fixture
def today(monkeypatch):
    """Pin "today" (timezone.localdate) for code that reads the clock itself: 2026-11-23."""
    from django.utils import timezone

    day = dt.date(2026, 11, 23)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


@pytest.fixture(autouse=True)
def package_stops_at_2026(monkeypatch):
    """chinesecalendar 1.11 covers up to 2026; keep 2027 uncovered in these tests even after
    an upgrade ships the 2027 schedule, so "not covered" stays tested."""
    from receptions import calendar

    covers = calendar.package_covers
    monkeypatch.setattr(calendar, "package_covers", lambda year: year <= 2026 and covers(year))


RECEPTION_DAY = dt.date(2026, 11, 16)  # Monday; the 15th of November 2026 is a Sunday


@pytest.fixture
def reception(personas):
    """北京街工作室's reception of 2026-11-16 with 陈明 on duty, no notice yet."""
    from receptions.models import Reception

    reception = Reception.objects.create(
        workroom=personas.beijing_room,
        nominal_date=dt.date(2026, 11, 15),
        date=RECEPTION_DAY,
        move_reason="2026-11-15 为周日，顺延至 2026-11-16",
        place="北京街党群服务中心二楼",
    )
    reception.members.add(personas.member)
    return reception
