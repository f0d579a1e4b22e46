"""规范 第九条: a reception that clashes with an important event (重要活动) moves (顺延)."""

import datetime as dt

from receptions.models import ImportantEvent
from receptions.services import reception_plan_year
from tests.factories import district

from .conftest import NEW_YEAR_2026, dates_of

D = dt.date


def test_a_district_important_event_moves_that_districts_receptions(personas):
    ImportantEvent.objects.create(
        date=D(2026, 7, 15), district=district("越秀区"), title="区政协全会"
    )

    result = reception_plan_year(year=2026, today=NEW_YEAR_2026)

    assert dates_of(result, personas.beijing_room)[D(2026, 7, 15)] == (
        D(2026, 7, 16),
        "2026-07-15 有重要活动（区政协全会），顺延至 2026-07-16",
    )
    assert dates_of(result, personas.hualin_room)[D(2026, 7, 15)] == (D(2026, 7, 15), "")


def test_a_city_wide_important_event_moves_every_districts_receptions(personas):
    ImportantEvent.objects.create(date=D(2026, 5, 15), district=None, title="市政协专题协商会")

    result = reception_plan_year(year=2026, today=NEW_YEAR_2026)

    for room in (personas.beijing_room, personas.hualin_room):
        # Friday the 15th is taken; the weekend follows; Monday the 18th.
        assert dates_of(result, room)[D(2026, 5, 15)] == (
            D(2026, 5, 18),
            "2026-05-15 有重要活动（市政协专题协商会），顺延至 2026-05-18",
        )


def test_an_event_on_the_day_a_reception_was_moved_to_moves_it_again(personas):
    ImportantEvent.objects.create(date=D(2026, 3, 16), district=None, title="全市大会")

    result = reception_plan_year(year=2026, today=NEW_YEAR_2026)

    assert dates_of(result, personas.beijing_room)[D(2026, 3, 15)] == (
        D(2026, 3, 17),
        "2026-03-15 为周日，顺延至 2026-03-17",
    )


def test_an_event_entered_in_the_admin_moves_the_planned_reception_at_once(personas, client, today):
    from receptions.models import Reception

    reception_plan_year(year=2027, today=D(2026, 11, 23))
    client.force_login(personas.yuexiu_staff)

    response = client.post(
        "/admin/receptions/importantevent/add/",
        {"date": "2027-03-15", "title": "区人代会", "district": district("越秀区").pk},
        follow=True,
    )

    assert "2027年接待计划" in response.content.decode()
    moved = Reception.objects.get(workroom=personas.beijing_room, nominal_date=D(2027, 3, 15))
    assert (moved.date, moved.move_reason) == (
        D(2027, 3, 16),
        "2027-03-15 有重要活动（区人代会），顺延至 2027-03-16",
    )
    other = Reception.objects.get(workroom=personas.hualin_room, nominal_date=D(2027, 3, 15))
    assert other.date == D(2027, 3, 15)


def test_an_event_in_a_year_nobody_planned_plans_nothing(personas, client, today):
    from receptions.models import Reception

    client.force_login(personas.city)

    client.post("/admin/receptions/importantevent/add/", {"date": "2027-03-15", "title": "大会"})

    assert ImportantEvent.objects.count() == 1
    assert not Reception.objects.exists()
