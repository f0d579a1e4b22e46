"""规范 第九条: the 15th of every odd month, moved (顺延) past days off."""

import datetime as dt

from receptions.models import Reception
from receptions.services import reception_plan_year

from .conftest import NEW_YEAR_2026, dates_of

D = dt.date


def test_sunday_receptions_of_2026_move_to_monday_the_16th(personas):
    result = reception_plan_year(year=2026, today=NEW_YEAR_2026)

    plan = dates_of(result, personas.beijing_room)
    assert plan[D(2026, 3, 15)] == (D(2026, 3, 16), "2026-03-15 为周日，顺延至 2026-03-16")
    assert plan[D(2026, 11, 15)] == (D(2026, 11, 16), "2026-11-15 为周日，顺延至 2026-11-16")


def test_other_odd_month_15ths_of_2026_stay(personas):
    result = reception_plan_year(year=2026, today=NEW_YEAR_2026)

    plan = dates_of(result, personas.beijing_room)
    assert sorted(plan) == [D(2026, m, 15) for m in (1, 3, 5, 7, 9, 11)]
    for month in (1, 5, 7, 9):
        assert plan[D(2026, month, 15)] == (D(2026, month, 15), "")


def test_the_plan_is_stored_with_nominal_date_actual_date_and_reason(personas):
    reception_plan_year(year=2026, today=NEW_YEAR_2026)

    reception = Reception.objects.get(workroom=personas.beijing_room, nominal_date=D(2026, 3, 15))
    assert reception.date == D(2026, 3, 16)
    assert reception.move_reason == "2026-03-15 为周日，顺延至 2026-03-16"
    assert reception.place == personas.beijing_room.address
    assert Reception.objects.filter(workroom=personas.hualin_room).count() == 6
