"""Each daily page of the benchmark (bench/pages.py) runs as many queries with a
little data as after many more members, activities, visitors, cases, duty records and
receptions in its persona's scope: a page that starts querying per row fails here, in CI,
without running the benchmark."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cases.choices import Action, CallbackChannel, CaseState, Satisfaction, Solved
from cases.models import Case, CaseStep, Topic, Visitor
from cases.models.loop import Callback
from cases.services import activity_mark_held, activity_save, case_register, case_route
from members.choices import Level
from receptions.models import MemberCalendarFeed, Reception
from receptions.services import reception_plan_year
from scoring.choices import ActivityFormCode, DutyKind, RecordSource
from scoring.services import duty_record_create

from ..factories import ConstituentFactory, MemberFactory, district

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _day(n: int) -> dt.date:
    """A past day of this year (the pages show the current year by default)."""
    return max(TODAY - dt.timedelta(days=n), dt.date(TODAY.year, 1, 1))


def _members(p, n):
    room = p.beijing_room
    for _ in range(n):
        member = MemberFactory(level=Level.DISTRICT, district=district("越秀区"))
        room.members.add(member)
        ConstituentFactory(member=member)
    return list(room.members.all())


def _activity(p, members, n):
    activity = activity_save(
        workroom=p.beijing_room, by=p.beijing_clerk, members=members[:2],
        fields={"form_id": ActivityFormCode.RECEPTION_DAY, "date": _day(n), "attendance": 10,
                "summary": "接待群众"},
    )
    activity = activity_mark_held(activity=activity, by=p.beijing_clerk, today=TODAY)
    visitor = Visitor.objects.create(activity=activity, name="王小明", phone="13812345678",
                                     address="越秀区北京路1号", consent_to_contact=True)
    for content in ("小区门口路灯不亮", "老楼加装电梯"):
        case = case_register(activity=activity, by=p.beijing_clerk, visitor=visitor,
                             topic=Topic.objects.order_by("pk").first(),
                             town=p.beijing_room.town, content=content, today=activity.date)
    case_route(case=case, action=Action.ANSWER, by=p.beijing_clerk, answer="已当场答复",
               today=activity.date)
    _loop(case, activity)


def _loop(case, activity):
    """The loop with the resident on a closed case: a callback, a reopening, a duplicate."""
    Callback.objects.create(case=case, channel=CallbackChannel.PHONE, solved=Solved.UNSOLVED,
                            satisfaction=Satisfaction.DISSATISFIED, called_at=timezone.now())
    Case.objects.filter(pk=case.pk).update(reopen_count=1)
    CaseStep.objects.create(case=case, action=Action.REOPEN, from_state=CaseState.CLOSED,
                            to_state=CaseState.WITH_TOWN_OFFICE)
    Case.objects.create(activity=activity, topic=case.topic, town=case.town, content="同上",
                        raised_on=activity.date, state=CaseState.MERGED, merged_into=case)


def _records(p, members, n):
    for i in range(n):
        for kind in (DutyKind.PROPOSAL, DutyKind.COMMUNITY_ACTIVITY):
            duty_record_create(kind=kind, members=[p.member, *members[i:i + 2]], date=_day(i),
                               title="履职事项", source=RecordSource.MANUAL, confirmed=i % 2 == 0)


def add(p, n):
    """n more of everything in the personas' scope (越秀区, 北京街工作室, 陈明)."""
    members = _members(p, n)
    for i in range(n):
        _activity(p, members, i + 1)
    _records(p, members, n)
    for reception in Reception.objects.filter(workroom=p.beijing_room):
        reception.members.add(*members[:3])


PAGES = {
    "floor": (None, lambda p: "/healthz"),
    "login_floor": ("yuexiu_staff", lambda p: reverse("ping")),
    "member": ("member_user", lambda p: reverse("scoring:me")),
    "quota_table": ("yuexiu_staff", lambda p: reverse("scoring:table")),
    "admin_members": ("yuexiu_staff",
                      lambda p: "/admin/members/member/?level__exact=district&q=%E5%A7%94"),
    "admin_cases": ("yuexiu_staff",
                    lambda p: "/admin/cases/case/?state__exact=registered&q=%E8%B7%AF"),
    "ledger": ("beijing_clerk", lambda p: reverse("cases:ledger", args=[p.beijing_room.pk])),
    "city": ("city", lambda p: reverse("reports:overview", args=[TODAY.year])),
    "district_rates": ("yuexiu_staff", lambda p: reverse(
        "reports:district", args=[district("越秀区").pk, TODAY.year])),
    "district_rates_members": ("yuexiu_staff", lambda p: reverse(
        "reports:district", args=[district("越秀区").pk, TODAY.year]) + "?rates_by=member"),
    "workroom_public": (None, lambda p: reverse("workrooms:detail", args=[p.beijing_room.pk])),
    "workroom_ics": (None, lambda p: reverse("workrooms:ics", args=[p.beijing_room.pk])),
    "member_ics": (None, lambda p: reverse(
        "workrooms:member_ics",
        args=[MemberCalendarFeed.objects.get_or_create(member=p.member)[0].token])),
}


def _queries(client, path) -> int:
    """The page's queries when it computes everything: what a page caches is emptied first
    (with CACHED_PAGE_SECONDS on, as in production), since those are the queries that must
    not grow."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("key", list(PAGES))
def test_the_daily_page_runs_the_same_queries_with_more_records(client, personas, key,
                                                                cached_pages):
    persona, path_of = PAGES[key]
    try:
        path = path_of(personas)
    except NoReverseMatch:
        pytest.skip(f"{key}: the page has not landed yet")
    if persona:
        client.force_login(getattr(personas, persona))
    reception_plan_year(year=TODAY.year, today=dt.date(TODAY.year, 1, 1))
    add(personas, 1)
    client.get(path)  # the session, caches
    few = _queries(client, path)
    add(personas, 6)
    assert _queries(client, path) == few
