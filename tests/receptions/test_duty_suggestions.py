"""Members on duty: staff choose at least one; the product suggests members serving at the
workroom who owe community duty (规范 第五条) and are short of their 2 visits this year, as
the quota engine counts them: confirmed records (举措 四（四）), the year's own rule."""

import datetime as dt

from members.choices import MemberStatus
from members.models import Sector
from receptions.services import duty_suggestions
from scoring.choices import DutyKind, RecordSource
from scoring.services import duty_record_create
from tests.factories import MemberFactory

D = dt.date


def visit(member, date, *, confirmed=True):
    duty_record_create(
        kind=DutyKind.COMMUNITY_ACTIVITY,
        members=[member],
        date=date,
        title="委员接待日",
        source=RecordSource.MANUAL,
        confirmed=confirmed,
    )


def test_members_short_of_two_visits_are_suggested_fewest_first(personas):
    room = personas.beijing_room
    once = MemberFactory(name="一次")
    twice = MemberFactory(name="两次")
    room.members.add(once, twice)
    visit(once, D(2026, 3, 16))
    visit(twice, D(2026, 3, 16))
    visit(twice, D(2026, 5, 15))
    visit(personas.member, D(2025, 5, 15))  # last year does not count

    suggested = duty_suggestions(workroom=room, year=2026)

    assert [(m.name, m.visits) for m in suggested] == [("陈明", 0), ("一次", 1)]


def test_exempt_and_inactive_members_are_not_suggested(personas):
    room = personas.beijing_room
    hong_kong = MemberFactory(name="港区委员", sector=Sector.objects.get(name="特邀香港人士"))
    liaison = MemberFactory(name="中联办委员", exempt=True, exempt_reason="中联办住港澳委员")
    retired = MemberFactory(name="离任委员", status=MemberStatus.LEFT)
    room.members.add(hong_kong, liaison, retired)

    names = [m.name for m in duty_suggestions(workroom=room, year=2026)]

    assert names == ["陈明"]


def test_other_kinds_of_duty_do_not_count_as_visits(personas):
    duty_record_create(
        kind=DutyKind.PROPOSAL,
        members=[personas.member],
        date=D(2026, 3, 1),
        title="提案",
        source=RecordSource.MANUAL,
    )

    assert [m.visits for m in duty_suggestions(workroom=personas.beijing_room, year=2026)] == [0]


def test_a_visit_waiting_for_confirmation_does_not_count_yet(personas):
    visit(personas.member, D(2026, 3, 16), confirmed=False)
    visit(personas.member, D(2026, 5, 15), confirmed=False)

    assert [m.visits for m in duty_suggestions(workroom=personas.beijing_room, year=2026)] == [0]


def test_the_years_quota_rule_sets_the_number(personas):
    from scoring.models import QuotaRule

    visit(personas.member, D(2026, 3, 16))
    visit(personas.member, D(2026, 5, 15))
    assert duty_suggestions(workroom=personas.beijing_room, year=2026) == []
    QuotaRule.objects.filter(year=2026, kind=DutyKind.COMMUNITY_ACTIVITY).update(minimum=3)
    assert [m.visits for m in duty_suggestions(workroom=personas.beijing_room, year=2026)] == [2]
