"""The plan page of staff and members: their scope's receptions of the year, with the
calendar warning for a year the holiday calendar does not cover."""

import datetime as dt

from receptions.services import reception_plan_year


def test_a_clerk_sees_their_workrooms_plan_only(personas, client, today):
    reception_plan_year(year=2027, today=today)
    client.force_login(personas.beijing_clerk)

    page = client.get("/receptions/plan/?year=2027").content.decode()

    assert "北京街工作室" in page and "华林街工作室" not in page
    assert "2027年的法定节假日和调休安排尚未录入" in page


def test_a_member_finds_the_plan_and_their_own_calendar_feed(personas, client, today):
    reception_plan_year(year=2027, today=today)
    client.force_login(personas.member_user)

    page = client.get("/receptions/plan/?year=2027").content.decode()

    assert "北京街工作室" in page
    assert f"/workrooms/calendars/member/{personas.member.calendar_feed.token}.ics" in page


def test_the_home_page_links_to_the_plan(personas, client):
    client.force_login(personas.beijing_clerk)

    assert "/receptions/plan/" in client.get("/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get("/receptions/plan/").status_code == 302


def test_the_plan_page_of_a_covered_year_has_no_warning(personas, client, today):
    reception_plan_year(year=2026, today=dt.date(2026, 1, 1))
    client.force_login(personas.yuexiu_staff)

    page = client.get("/receptions/plan/?year=2026").content.decode()

    assert "尚未录入" not in page and "3月16日" in page
