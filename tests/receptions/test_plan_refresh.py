"""Refreshing the plan never duplicates and never silently moves a published reception."""

import datetime as dt

from django.utils import timezone

from receptions.choices import PlanAction, ReceptionStatus
from receptions.models import ImportantEvent, Reception
from receptions.services import reception_plan_year

from .conftest import NEW_YEAR_2026

D = dt.date


def test_planning_twice_creates_nothing_twice(personas):
    reception_plan_year(year=2026, today=NEW_YEAR_2026)
    second = reception_plan_year(year=2026, today=NEW_YEAR_2026)

    assert Reception.objects.count() == 12
    assert {row.action for row in second.rows} == {PlanAction.UNCHANGED}


def test_a_new_event_moves_an_unpublished_reception_on_refresh(personas):
    reception_plan_year(year=2026, today=NEW_YEAR_2026)
    ImportantEvent.objects.create(date=D(2026, 9, 15), title="全市大会")

    result = reception_plan_year(year=2026, today=NEW_YEAR_2026)

    reception = Reception.objects.get(workroom=personas.beijing_room, nominal_date=D(2026, 9, 15))
    assert reception.date == D(2026, 9, 16)
    assert result.count(PlanAction.MOVED) == 2


def test_a_reception_whose_notice_is_out_is_not_moved_and_the_result_says_so(personas):
    reception_plan_year(year=2026, today=NEW_YEAR_2026)
    Reception.objects.filter(nominal_date=D(2026, 9, 15), workroom=personas.beijing_room).update(
        notice_published_at=timezone.now(),
        status=ReceptionStatus.PUBLISHED,
    )
    ImportantEvent.objects.create(date=D(2026, 9, 15), title="全市大会")

    result = reception_plan_year(year=2026, today=NEW_YEAR_2026)

    kept = Reception.objects.get(workroom=personas.beijing_room, nominal_date=D(2026, 9, 15))
    assert kept.date == D(2026, 9, 15)
    row = next(r for r in result.rows if r.reception == kept)
    assert row.action == PlanAction.KEPT_NOTICE
    assert any(
        "北京街工作室：2026-09-15 的接待公告已发布" in w and "2026-09-16" in w
        for w in result.warnings
    )


def test_a_date_staff_set_by_hand_is_kept(personas):
    reception_plan_year(year=2026, today=NEW_YEAR_2026)
    Reception.objects.filter(nominal_date=D(2026, 7, 15)).update(
        date=D(2026, 7, 20), manual_date=True
    )

    result = reception_plan_year(year=2026, today=NEW_YEAR_2026)

    assert set(
        Reception.objects.filter(nominal_date=D(2026, 7, 15)).values_list("date", flat=True)
    ) == {D(2026, 7, 20)}
    assert result.count(PlanAction.KEPT_MANUAL) == 2


def test_dates_already_past_are_not_created(personas):
    result = reception_plan_year(year=2026, today=D(2026, 11, 13))

    assert list(
        Reception.objects.filter(workroom=personas.beijing_room).values_list("date", flat=True)
    ) == [D(2026, 11, 16)]
    assert result.count(PlanAction.PAST) == 10


def test_a_reception_planned_within_3_days_is_counted_as_noticed_late(personas):
    result = reception_plan_year(year=2026, today=D(2026, 11, 14))

    reception = Reception.objects.get(workroom=personas.beijing_room)
    assert reception.noticed_late  # 11-16 is 2 days away: 规范 第九条 needs 3
    assert any("不足3天" in warning for warning in result.warnings)


def test_a_changed_district_rule_removes_unpublished_receptions_it_no_longer_gives(personas, rule):
    reception_plan_year(year=2026, today=NEW_YEAR_2026)
    rule(day_of_month=10)

    result = reception_plan_year(year=2026, today=NEW_YEAR_2026)

    dates = set(
        Reception.objects.filter(workroom=personas.beijing_room).values_list(
            "nominal_date", flat=True
        )
    )
    assert dates == {D(2026, m, 10) for m in (1, 3, 5, 7, 9, 11)}
    assert result.count(PlanAction.REMOVED) == 6


def test_district_staff_plan_only_their_own_workrooms(personas):
    result = reception_plan_year(year=2026, by=personas.liwan_staff, today=NEW_YEAR_2026)

    assert {row.workroom for row in result.rows} == {personas.hualin_room}
    assert not Reception.objects.filter(workroom=personas.beijing_room).exists()
