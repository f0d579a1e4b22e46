"""A plan for a year the holiday calendar does not cover says so plainly."""

import datetime as dt

from receptions.services import reception_plan_year

D = dt.date


def test_planning_2027_warns_that_holidays_are_not_known(personas):
    result = reception_plan_year(year=2027, today=D(2026, 11, 23))

    assert result.covered is False
    assert "2027年的法定节假日和调休安排尚未录入" in result.warnings[0]
    # Weekends are still avoided: 2027-05-15 is a Saturday.
    row = next(
        r
        for r in result.rows
        if r.workroom == personas.beijing_room and r.nominal_date == D(2027, 5, 15)
    )
    assert row.date == D(2027, 5, 17)


def test_planning_2026_gives_no_calendar_warning(personas):
    result = reception_plan_year(year=2026, today=D(2026, 1, 1))

    assert result.covered is True
    assert result.warnings == []


def test_the_admin_plan_page_shows_the_warning(personas, client, today):
    client.force_login(personas.city)

    response = client.post("/admin/receptions/reception/plan/", {"year": 2027}, follow=True)

    assert response.status_code == 200
    assert "2027年的法定节假日和调休安排尚未录入" in response.content.decode()


def test_the_admin_reception_list_shows_a_banner_for_an_uncovered_year(personas, client, today):
    client.force_login(personas.yuexiu_staff)

    response = client.get("/admin/receptions/reception/")

    assert "2027年的法定节假日和调休安排尚未录入" in response.content.decode()
