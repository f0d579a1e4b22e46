"""规范 第九条: 有条件的可以每月举办一次 — a workroom may opt into monthly receptions."""

import datetime as dt

from receptions.services import reception_plan_year

from .conftest import NEW_YEAR_2026, dates_of

D = dt.date


def test_a_monthly_workroom_receives_on_the_15th_of_every_month(personas):
    personas.beijing_room.monthly_receptions = True
    personas.beijing_room.save()

    result = reception_plan_year(year=2026, today=NEW_YEAR_2026)

    plan = dates_of(result, personas.beijing_room)
    assert sorted(plan) == [D(2026, m, 15) for m in range(1, 13)]
    assert plan[D(2026, 2, 15)] == (D(2026, 2, 24), "2026-02-15 为春节放假，顺延至 2026-02-24")
    assert plan[D(2026, 8, 15)] == (D(2026, 8, 17), "2026-08-15 为周六，顺延至 2026-08-17")
    assert plan[D(2026, 10, 15)] == (D(2026, 10, 15), "")
    assert len(dates_of(result, personas.hualin_room)) == 6
