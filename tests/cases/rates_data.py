"""A year of cases with known 三率 (cases.rates), made directly: registration, signing for,
closing, callbacks (answered and not), a reopening, a merged duplicate and a voided case.
test_rates_are_exact.py spells out every figure this data must give.

越秀区, 北京街工作室 (cases 1–8; case 8 concerns 六榕街道) and 荔湾区, 华林街工作室
(cases 9, 10). `today` is 2026-04-30: case 6 still waits within its time limit, case 8
closed yesterday (its callback wait has not passed)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from cases.choices import (
    Action,
    CallbackChannel,
    CaseState,
    DepartmentKind,
    Route,
    Satisfaction,
    Solved,
)
from cases.models import Activity, Case, CaseStep, Department, Topic
from cases.models.cases import refresh_step_facts
from cases.models.loop import Callback, refresh_callback_facts

from ..factories import district, town

D = dt.date
TODAY = D(2026, 4, 30)
MARCH_2, MARCH_4 = D(2026, 3, 2), D(2026, 3, 4)
SOLVED, PARTLY, UNSOLVED = Solved.SOLVED, Solved.PARTLY, Solved.UNSOLVED
S = Satisfaction


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def step(case, action, from_state, to_state, day, due=None):
    made = CaseStep.objects.create(case=case, action=action, from_state=from_state,
                                   to_state=to_state, due_date=due)
    CaseStep.objects.filter(pk=made.pk).update(at=at(day))
    return made


def callback(case, channel, solved="", satisfaction="", round=0):
    made = Callback.objects.create(case=case, round=round, channel=channel, solved=solved,
                                   satisfaction=satisfaction, called_at=at(TODAY))
    refresh_callback_facts([case.pk])  # written here, not by cases.callbacks
    return made


def make(activity, *, raised=MARCH_2, reg_due=MARCH_4, signed=None, prior_due=None,
         closed=None, on_the_spot=False, department=None, members=(), town_name=None,
         reopen_count=0, **fields):
    """A case raised on `raised`, signed for on `signed` (passed to the town office, due
    `prior_due`), closed on `closed` (by the town office's reply, or answered on the spot)."""
    state = CaseState.REGISTERED
    if signed:
        state = CaseState.CLOSED if on_the_spot else CaseState.WITH_TOWN_OFFICE
    if closed:
        state = CaseState.CLOSED
    case = Case.objects.create(
        activity=activity, topic=Topic.objects.first(),
        town=town(town_name) if town_name else activity.workroom.town, content="反映事项",
        raised_on=raised, state=fields.pop("state", state), department=department,
        route=Route.ON_THE_SPOT if on_the_spot else (Route.TOWN if signed else ""),
        closed_at=at(closed) if closed else None, reopen_count=reopen_count, **fields,
    )
    case.members.set(members)
    step(case, Action.REGISTER, "", CaseState.REGISTERED, raised, reg_due)
    if on_the_spot:
        step(case, Action.ANSWER, CaseState.REGISTERED, CaseState.CLOSED, signed)
    else:
        _signed_reopened_closed(case, signed, prior_due, reopen_count, closed)
    refresh_step_facts([case.pk])  # the steps are written here, not by cases.services
    return case


def _signed_reopened_closed(case, signed, prior_due, reopen_count, closed):
    if signed:
        step(case, Action.SUBMIT_TO_LEADER, CaseState.REGISTERED, CaseState.WITH_TOWN_OFFICE,
             signed, prior_due)
    if reopen_count:  # closed once, reopened (重办), then closed again on `closed`
        step(case, Action.REPLY, CaseState.WITH_TOWN_OFFICE, CaseState.CLOSED, signed)
        step(case, Action.REOPEN, CaseState.CLOSED, CaseState.WITH_TOWN_OFFICE, signed,
             prior_due)
    if closed:
        step(case, Action.REPLY, CaseState.WITH_TOWN_OFFICE, CaseState.CLOSED, closed)


def activity_at(room, day=MARCH_2):
    return Activity.objects.create(workroom=room, date=day, form_id="reception_day",
                                   summary="接待群众")


def rates_year(p, again: bool = False) -> SimpleNamespace:
    """The year's cases (`again`: the same cases once more, for a query count)."""
    yuexiu, liwan = district("越秀区"), district("荔湾区")
    x, _new = Department.objects.get_or_create(kind=DepartmentKind.TOWN_OFFICE, district=yuexiu,
                                               town=town("北京街道"), name="城管科")
    y, _new = Department.objects.get_or_create(kind=DepartmentKind.DISTRICT_DEPARTMENT,
                                               district=liwan, name="荔湾区住房和建设局")
    a, b = activity_at(p.beijing_room), activity_at(p.hualin_room)
    chen, li = p.member, p.other_member
    mar = lambda day: D(2026, 3, day)  # noqa: E731
    c = {}
    c[1] = make(a, signed=mar(3), prior_due=mar(20), closed=mar(12), department=x,
                members=[chen])
    callback(c[1], CallbackChannel.PHONE, SOLVED, S.VERY_SATISFIED)
    c[2] = make(a, signed=mar(6), prior_due=mar(20), closed=mar(25), department=x,
                members=[chen])
    callback(c[2], CallbackChannel.PHONE, PARTLY, S.DISSATISFIED)
    c[3] = make(a, signed=mar(3), prior_due=mar(20), closed=mar(7), department=x,
                members=[chen, li])
    callback(c[3], CallbackChannel.NO_ANSWER)
    c[4] = make(a, signed=mar(3), prior_due=mar(20), closed=mar(22), department=x,
                reopen_count=1)
    callback(c[4], CallbackChannel.SMS, UNSOLVED, S.VERY_DISSATISFIED, round=0)
    callback(c[4], CallbackChannel.PHONE, SOLVED, S.SATISFIED, round=1)
    c[5] = make(a, signed=mar(4))  # signed on its due day; still with the town office
    c[6] = make(a, raised=D(2026, 4, 29), reg_due=D(2026, 5, 6))  # waiting, not yet due
    c[7] = make(a)  # never signed for, past its due date
    c[8] = make(a, raised=D(2026, 4, 20), reg_due=D(2026, 4, 22), signed=D(2026, 4, 21),
                prior_due=D(2026, 5, 10), closed=D(2026, 4, 29), town_name="六榕街道")
    c[9] = make(b, signed=mar(3), prior_due=mar(20), closed=mar(10), department=y, members=[li])
    callback(c[9], CallbackChannel.SMS, SOLVED, S.BASICALLY_SATISFIED)
    c[10] = make(b, signed=mar(2), closed=mar(2), on_the_spot=True)
    # Never counted: a duplicate merged into case 1, a voided case, last year's case.
    merged = make(a, signed=mar(3), prior_due=mar(20), closed=mar(4), department=x,
                  members=[chen], merged_into=c[1])
    Case.objects.filter(pk=merged.pk).update(state=CaseState.MERGED)
    voided = make(a, signed=mar(3), prior_due=mar(20), closed=mar(4), department=x,
                  members=[chen], voided_at=at(mar(5)), void_reason="重复登记")
    callback(voided, CallbackChannel.PHONE, UNSOLVED, S.VERY_DISSATISFIED)
    old = make(a, raised=D(2025, 12, 30), reg_due=D(2026, 1, 2), signed=D(2026, 1, 5),
               prior_due=D(2026, 1, 6), closed=D(2026, 1, 20), department=x, members=[chen])
    callback(old, CallbackChannel.PHONE, UNSOLVED, S.VERY_DISSATISFIED)
    return SimpleNamespace(cases=c, yuexiu=yuexiu, liwan=liwan, x=x, y=y)
