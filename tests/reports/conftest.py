"""A year (2026) of 越秀区 records with known numbers, plus records that must NOT count
(another district, another year, drafts, cancelled, unconfirmed). `expected_figures` in
test_district_figures_are_exact.py spells out every figure this data must give."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from cases.choices import CaseState, RefusalProcedure, Route
from cases.models import Case, Topic, Visitor
from cases.services import activity_mark_held, activity_save
from members.choices import Level, MemberStatus
from members.models import Sector
from receptions.choices import ReceptionStatus
from receptions.models import Reception
from reports.choices import InspectingBody, InspectionRating
from reports.models import WorkroomInspection
from scoring.choices import ActivityFormCode, DutyKind, RecordSource
from scoring.services import duty_record_create

from ..factories import MemberFactory, WorkroomFactory, district, town

YEAR = 2026
D = dt.date


def notice_at(day: dt.date, days_before: int):
    return timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=days_before),
                                                   dt.time(9, 0)))


def reception(room, nominal, *, date=None, status=ReceptionStatus.PUBLISHED, notice=None,
              late=False):
    date = date or nominal
    return Reception.objects.create(
        workroom=room, nominal_date=nominal, date=date, status=status,
        notice_published_at=notice_at(date, 1 if late else 4) if notice else None,
        noticed_late=late, move_reason="逢周日顺延" if date != nominal else "",
    )


def held(room, by, members, day, form=ActivityFormCode.RECEPTION_DAY, *, attendance=0, rec=None):
    fields = {"form_id": form, "date": day, "attendance": attendance, "summary": "接待群众"}
    if rec is not None:
        fields["reception"] = rec
    activity = activity_save(workroom=room, by=by, members=members, fields=fields, today=day)
    return activity_mark_held(activity=activity, by=by, today=day)


def visitors(activity, n):
    for i in range(n):
        Visitor.objects.create(activity=activity, name=f"来访{i}")


RAISED = D(YEAR, 3, 16)


def case(activity, route, state, *, raised=RAISED, record=None, procedure=""):
    return Case.objects.create(
        activity=activity, topic=Topic.objects.first(), town=activity.workroom.town,
        content="反映事项", raised_on=raised, route=route, state=state, duty_record=record,
        referred_procedure=procedure, referred_body="某仲裁委员会" if procedure else "",
    )


def filed(kind, day, ref):
    return duty_record_create(kind=kind, members=[], date=day, title="由诉求形成",
                              source=RecordSource.CASE, source_ref=ref, confirmed=True)


@pytest.fixture
def yuexiu_year(personas):
    p = personas
    yuexiu, staff = district("越秀区"), p.yuexiu_staff
    m = SimpleNamespace(chen=p.member)  # city member of 越秀区
    m.a, m.b, m.c = (MemberFactory(name=n, level=Level.DISTRICT) for n in ("区甲", "区乙", "区丙"))
    m.n = MemberFactory(name="全国甲", level=Level.NATIONAL)
    m.e = MemberFactory(name="免除甲", level=Level.DISTRICT, exempt=True,
                        exempt_reason="中联办住港澳委员")
    m.p = MemberFactory(name="港区甲", level=Level.PROVINCIAL,
                        sector=Sector.objects.get(name="特邀香港人士"))
    MemberFactory(name="离任甲", level=Level.DISTRICT, status=MemberStatus.LEFT)

    room1 = p.beijing_room
    room2 = WorkroomFactory(name="六榕工作室", town=town("六榕街道"))
    WorkroomFactory(name="停用工作室", town=town("六榕街道"), active=False)

    reception(room1, D(YEAR, 1, 15), status=ReceptionStatus.HELD, notice=True)
    r3 = reception(room1, D(YEAR, 3, 15), date=D(YEAR, 3, 16), notice=True)
    r5 = reception(room1, D(YEAR, 5, 15), notice=True, late=True)
    reception(room1, D(YEAR, 7, 15), status=ReceptionStatus.CANCELLED, notice=True)
    r9 = reception(room1, D(YEAR, 9, 15), status=ReceptionStatus.PLANNED)
    reception(room1, D(YEAR, 11, 15), date=D(YEAR, 11, 16), status=ReceptionStatus.PLANNED)
    reception(room2, D(YEAR, 1, 15), date=D(YEAR, 1, 16), status=ReceptionStatus.CANCELLED)
    reception(room2, D(YEAR, 3, 15), date=D(YEAR, 3, 16), status=ReceptionStatus.HELD,
              notice=True, late=True)
    reception(room1, D(YEAR - 1, 11, 15), status=ReceptionStatus.HELD, notice=True)
    reception(p.hualin_room, D(YEAR, 1, 15), status=ReceptionStatus.HELD, notice=True)

    everyone = [m.chen, m.a, m.n, m.e]
    act1 = held(room1, staff, everyone, D(YEAR, 3, 16), attendance=12, rec=r3)
    act2 = held(room1, staff, everyone, D(YEAR, 5, 15), attendance=8, rec=r5)
    act3 = held(room2, staff, [m.a, m.b], D(YEAR, 6, 10), ActivityFormCode.POLICY_BRIEFING,
                attendance=30)
    held(room2, staff, [m.a], D(YEAR, 7, 20), ActivityFormCode.RESEARCH, attendance=5)
    draft = activity_save(workroom=room1, by=staff, members=[m.c], fields={
        "form_id": ActivityFormCode.RECEPTION_DAY, "date": D(YEAR, 9, 15), "reception": r9})
    held(room1, staff, [m.b], D(YEAR - 1, 11, 15))  # last year: not counted
    other = held(p.hualin_room, p.liwan_staff, [p.other_member], D(YEAR, 3, 16), attendance=40)
    duty_record_create(kind=DutyKind.COMMUNITY_ACTIVITY, members=[m.c], date=D(YEAR, 4, 1),
                       title="待确认", source=RecordSource.MANUAL)  # unconfirmed: not counted
    visitors(act1, 3)
    visitors(act2, 1)
    visitors(draft, 1)
    visitors(other, 2)

    proposal = filed(DutyKind.PROPOSAL, D(YEAR, 6, 1), "case:p")
    report = filed(DutyKind.SOCIAL_REPORT, D(YEAR, 8, 1), "case:s")
    elsewhere = filed(DutyKind.PROPOSAL, D(YEAR, 6, 1), "case:x")
    case(act1, Route.ON_THE_SPOT, CaseState.CLOSED)
    with_town = case(act1, Route.TOWN, CaseState.WITH_TOWN_OFFICE)
    # the same request raised again and merged into it: counted once, with its master
    Case.objects.filter(pk=case(act2, Route.TOWN, CaseState.MERGED).pk).update(
        merged_into=with_town)
    case(act1, Route.TOWN, CaseState.CLOSED)
    case(act2, Route.PETITION, CaseState.WITH_PETITION_OFFICE)
    case(act2, Route.MEMBER, CaseState.CLOSED, record=proposal)
    case(act2, Route.MEMBER, CaseState.MEMBER_RESEARCHING)
    case(act3, Route.MEMBER, CaseState.CLOSED, record=report)
    case(act3, Route.REFUSED, CaseState.REFUSED, procedure=RefusalProcedure.ARBITRATION)
    case(act3, Route.REFUSED, CaseState.REFUSED, procedure=RefusalProcedure.LITIGATION)
    case(act3, "", CaseState.REGISTERED)
    case(act1, Route.ON_THE_SPOT, CaseState.CLOSED, raised=D(YEAR - 1, 12, 1))
    case(other, Route.MEMBER, CaseState.CLOSED, record=elsewhere)
    duty_record_create(kind=DutyKind.PROPOSAL, members=[m.a], date=D(YEAR, 6, 1),
                       title="自行提交", source=RecordSource.MANUAL, confirmed=True)

    inspect(room1, D(YEAR, 4, 10), InspectionRating.GOOD, follow_up="补齐照片", done=True)
    inspect(room1, D(YEAR, 10, 10), InspectionRating.EXCELLENT, body=InspectingBody.CITY)
    inspect(room2, D(YEAR, 6, 1), InspectionRating.FAIL, follow_up="恢复接待日")
    inspect(room1, D(YEAR - 1, 10, 10), InspectionRating.PASS)
    inspect(p.hualin_room, D(YEAR, 5, 5), InspectionRating.PASS)
    return SimpleNamespace(p=p, district=yuexiu, members=m, room1=room1, room2=room2,
                           act1=act1, act3=act3)


def inspect(room, day, rating, *, follow_up="", done=False, body=InspectingBody.DISTRICT):
    return WorkroomInspection.objects.create(
        workroom=room, year=day.year, date=day, rating=rating, inspectors="督导组",
        findings=f"{room.name}检查发现", follow_up=follow_up, follow_up_done=done, body=body,
    )
