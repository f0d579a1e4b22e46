"""规范 第九条 with the official calendar: a make-up working day (调休) is a working day."""

import datetime as dt

from receptions.services import reception_plan_year

from .conftest import NEW_YEAR_2026, dates_of

D = dt.date


def test_a_reception_on_a_makeup_working_sunday_stays(personas, rule):
    rule(day_of_month=20)  # 2026-09-20 is a Sunday made a working day (国庆、中秋调休)

    plan = dates_of(reception_plan_year(year=2026, today=NEW_YEAR_2026), personas.beijing_room)

    assert plan[D(2026, 9, 20)] == (D(2026, 9, 20), "")


def test_a_reception_on_a_makeup_working_saturday_stays_in_a_monthly_workroom(personas, rule):
    rule(ordinal=2, weekday=5)  # the 2nd Saturday; 2026-02-14 is a make-up working day
    personas.beijing_room.monthly_receptions = True
    personas.beijing_room.save()

    plan = dates_of(reception_plan_year(year=2026, today=NEW_YEAR_2026), personas.beijing_room)

    assert plan[D(2026, 2, 14)] == (D(2026, 2, 14), "")
    assert plan[D(2026, 3, 14)] == (D(2026, 3, 16), "2026-03-14 为周六，顺延至 2026-03-16")
