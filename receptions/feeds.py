"""iCalendar (.ics) feeds of receptions that calendar apps subscribe to (规范 第八条:
the yearly reception plan is public). Public data only: workroom, time, place, names."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, Timezone

from .choices import ReceptionStatus

TZ = ZoneInfo(settings.TIME_ZONE)


def receptions_ics(receptions, *, name: str, url: str = "") -> bytes:
    """One VEVENT per reception; cancelled ones stay, marked CANCELLED, so subscribed
    calendars drop them instead of keeping a stale date."""
    calendar = Calendar()
    calendar.add("prodid", "-//Guangzhou CPPCC//community receptions//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    events = [_event(reception, url) for reception in receptions]
    for event in events:
        calendar.add_component(event)
    if events:  # their times name the zone, which the calendar then defines
        calendar.add_component(_timezone())
    return calendar.to_ical()


@functools.cache
def _timezone() -> Timezone:
    """The VTIMEZONE of our zone, built once: icalendar derives it from the zone's rules by
    walking the zone's UTC offsets (`add_missing_timezones`), too slow to repeat per feed."""
    return Timezone.from_tzid(settings.TIME_ZONE)


def _event(reception, url: str) -> Event:
    event = Event()
    event.add("uid", f"reception-{reception.pk}@gzzx")
    event.add("dtstamp", dt.datetime.now(tz=dt.UTC))
    event.add("dtstart", dt.datetime.combine(reception.date, reception.starts_at, tzinfo=TZ))
    event.add("dtend", dt.datetime.combine(reception.date, reception.ends_at, tzinfo=TZ))
    event.add("summary", f"政协委员接待日：{reception.workroom.name}")
    event.add("location", reception.place or reception.workroom.address)
    names = "、".join(member.name for member in reception.members.all())
    event.add(
        "description",
        f"当值委员：{names or '待定'}"
        + (f"\n{reception.move_reason}" if reception.move_reason else ""),
    )
    if url:
        event.add("url", url)
    cancelled = reception.status == ReceptionStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event
