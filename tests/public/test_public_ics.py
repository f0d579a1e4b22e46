"""规范 第八条: the yearly reception plan as iCalendar feeds a calendar app subscribes to,
one per workroom and one per member; they parse with the standard icalendar library."""

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar

from receptions.services import reception_cancel
from tests.receptions.public import plan_with_notice

SHANGHAI = ZoneInfo("Asia/Shanghai")


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_the_workroom_feed_has_one_event_per_reception(personas, client):
    receptions = plan_with_notice(personas, extra_receptions=1)

    found = events(client.get(f"/workrooms/{personas.beijing_room.pk}/calendar.ics"))

    assert [str(e["UID"]) for e in found] == [f"reception-{r.pk}@gzzx" for r in receptions]
    first = found[0]
    assert str(first["SUMMARY"]) == "政协委员接待日：北京街工作室"
    assert str(first["LOCATION"]) == "北京街党群服务中心"
    assert "陈明" in str(first["DESCRIPTION"])
    start = first.decoded("DTSTART")
    assert start == dt.datetime.combine(receptions[0].date, dt.time(9, 0), tzinfo=SHANGHAI)


def test_the_member_feed_lists_the_receptions_the_member_is_on_duty_for(personas, client):
    plan_with_notice(personas, extra_receptions=2)
    token = personas.member.calendar_feed.token

    found = events(client.get(f"/workrooms/calendars/member/{token}.ics"))

    assert len(found) == 3
    assert all("陈明" in str(e["DESCRIPTION"]) for e in found)


def test_an_unknown_member_token_is_404(personas, client):
    assert client.get("/workrooms/calendars/member/nope.ics").status_code == 404


def test_a_cancelled_reception_stays_in_the_feed_marked_cancelled(personas, client):
    [reception] = plan_with_notice(personas)
    reception_cancel(reception=reception, reason="场地维修")

    [event] = events(client.get(f"/workrooms/{personas.beijing_room.pk}/calendar.ics"))

    assert str(event["STATUS"]) == "CANCELLED"


def test_every_feed_defines_the_time_zone_its_times_name(personas, client):
    """RFC 5545 §3.2.19: a TZID used must be defined by a VTIMEZONE in the same calendar;
    the zone is built once per process and shared by every feed."""
    plan_with_notice(personas, extra_receptions=1)
    token = personas.member.calendar_feed.token
    for url in (f"/workrooms/{personas.beijing_room.pk}/calendar.ics",
                f"/workrooms/calendars/member/{token}.ics"):
        calendar = Calendar.from_ical(client.get(url).content)
        [zone] = calendar.walk("VTIMEZONE")
        assert str(zone["TZID"]) == "Asia/Shanghai"
        assert {e["DTSTART"].params["TZID"] for e in calendar.walk("VEVENT")} == {
            "Asia/Shanghai"}
