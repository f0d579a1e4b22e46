"""Builders shared by the public page tests (tests/workrooms/test_public_*.py)."""

import datetime as dt

from receptions.models import Reception
from receptions.services import calendar_feeds_ensure, notice_publish_due
from tests.factories import MemberFactory, WorkroomFactory

PUBLISH_DAY = dt.date(2026, 11, 13)


def plan_with_notice(personas, *, extra_members=0, extra_receptions=0):
    """北京街工作室 with 陈明 (+ n members), receptions in the coming weeks (+ n), the first
    one's notice published. Dates are relative to the real today so the pages show them."""
    from django.utils import timezone

    room = personas.beijing_room
    had_members, had = room.members.count(), Reception.objects.filter(workroom=room).count()
    room.members.add(
        *[
            MemberFactory(name=f"驻室委员{had_members + i:02d}", post=f"职务{i}")
            for i in range(extra_members)
        ]
    )
    first = timezone.localdate() + dt.timedelta(days=3)
    receptions = []
    for i in range(had, had + 1 + extra_receptions):
        day = first + dt.timedelta(days=7 * i)
        reception = Reception.objects.create(
            workroom=room,
            nominal_date=day,
            date=day,
            place="北京街党群服务中心",
        )
        reception.members.set(room.members.all()[:3])
        receptions.append(reception)
    calendar_feeds_ensure(members=room.members.all())
    notice_publish_due(today=first - dt.timedelta(days=3))
    return receptions


def more_workrooms(n):
    return [WorkroomFactory(name=f"测试工作室{i:02d}") for i in range(n)]
