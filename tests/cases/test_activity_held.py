"""Marking an activity held creates one community-activity duty record for the members
present: that is what counts as each member's community visit
(规范 第五条, 规范 第十条, 规范 第十四条)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cases.choices import ActivityStatus
from cases.services import activity_mark_held, activity_save
from scoring.choices import ActivityFormCode, DutyKind, RecordSource
from scoring.models import DutyRecord

DAY = dt.date(2026, 5, 15)


def _draft(p, **fields):
    return activity_save(workroom=p.beijing_room, by=p.beijing_clerk, fields=fields,
                         members=fields.pop("members", []))


def test_a_draft_may_be_half_filled_and_creates_no_duty_record(personas):
    draft = _draft(personas, summary="写了一半")
    assert draft.status == ActivityStatus.DRAFT and draft.date is None
    assert not DutyRecord.objects.exists()


def test_marking_held_needs_form_date_and_members(personas):
    draft = _draft(personas, summary="写了一半")
    with pytest.raises(ValidationError) as refused:
        activity_mark_held(activity=draft, by=personas.beijing_clerk, today=DAY)
    assert set(refused.value.messages) == {
        "请选择活动形式。", "请填写活动日期。", "请勾选到场的委员（至少一名）。",
    }
    draft.refresh_from_db()
    assert draft.status == ActivityStatus.DRAFT


def test_marking_held_credits_each_member_present_once(personas):
    p = personas
    draft = _draft(p, form_id=ActivityFormCode.POLICY_BRIEFING, date=DAY, members=[p.member])
    held = activity_mark_held(activity=draft, by=p.beijing_clerk, today=DAY)
    activity_mark_held(activity=held, by=p.beijing_clerk, today=DAY)  # twice: nothing more
    record = DutyRecord.objects.get()
    assert (record.kind, record.activity_form_id, record.source, record.source_ref) == (
        DutyKind.COMMUNITY_ACTIVITY, ActivityFormCode.POLICY_BRIEFING, RecordSource.LEDGER,
        f"activity:{held.pk}",
    )
    assert list(record.members.all()) == [p.member] and record.date == DAY
    assert record.confirmed is False  # the clerk's entry waits for district staff

    # A member who came but was not ticked is added later: the same record follows.
    activity_save(workroom=p.beijing_room, by=p.beijing_clerk, activity=held, fields={},
                  members=[p.member, p.other_member], today=DAY)
    assert DutyRecord.objects.count() == 1
    assert set(DutyRecord.objects.get().members.all()) == {p.member, p.other_member}


def test_an_activity_in_the_future_cannot_be_marked_held(personas):
    p = personas
    draft = _draft(p, form_id=ActivityFormCode.RESEARCH, date=DAY, members=[p.member])
    with pytest.raises(ValidationError, match="日期晚于今天"):
        activity_mark_held(activity=draft, by=p.beijing_clerk, today=DAY - dt.timedelta(days=1))
