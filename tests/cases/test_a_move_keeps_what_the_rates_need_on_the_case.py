"""举措 三（三）/ the 三率 (cases.rates) read the case only: each move keeps on the case the
registration's due date, the day it was first signed for (响应) and the due date of the step
a closing ends (按期办结); a reopening gives the next closing its new due date."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.callbacks import callback_record, callbacks_record_no_answer
from cases.choices import Action, CallbackChannel, CaseState, Satisfaction, Solved
from cases.models import Case
from cases.models.cases import refresh_step_facts
from cases.models.loop import refresh_callback_facts
from cases.services import case_route

from .closing import closed_by_town_office
from .conftest import new_case

pytestmark = pytest.mark.django_db

FACTS = ["registered_due", "signed_for_on", "closed_from_due"]


def kept(case: Case) -> tuple:
    return tuple(getattr(case, name) for name in FACTS)


def stored(case: Case) -> tuple:
    return kept(Case.objects.get(pk=case.pk))


def from_the_steps(case: Case) -> tuple:
    refresh_step_facts([case.pk])
    return stored(case)


def test_registering_keeps_the_due_date_and_signing_for_keeps_the_day(ledger):
    case = ledger.case
    registered = case.steps.get(action=Action.REGISTER)
    assert stored(case) == (registered.due_date, None, registered.due_date)
    case = case_route(case=case, action=Action.SUBMIT_TO_LEADER, by=ledger.p.beijing_clerk)
    signed = case.steps.last()
    expected = (registered.due_date, timezone.localdate(), signed.due_date)
    assert kept(case) == stored(case) == from_the_steps(case) == expected


def test_a_closing_keeps_the_due_date_it_ended_and_a_reopening_gives_a_new_one(ledger):
    case = closed_by_town_office(ledger)
    instructed = case.steps.get(action=Action.INSTRUCT)
    assert case.state == CaseState.CLOSED and instructed.due_date
    assert kept(case)[2] == stored(case)[2] == instructed.due_date
    signed_on = stored(case)[1]
    callback_record(case=case, channel=CallbackChannel.PHONE, solved=Solved.UNSOLVED,
                    satisfaction=Satisfaction.DISSATISFIED, by=ledger.p.beijing_clerk)
    case.refresh_from_db()
    reopened = case.steps.last()
    assert case.reopen_count == 1 and reopened.action == Action.REOPEN and reopened.due_date
    assert stored(case)[1:] == (signed_on, reopened.due_date)  # signed for once, for good
    case = case_route(case=case, action=Action.REPLY, by=ledger.p.beijing_clerk,
                      reply="已再次修复。")
    assert case.state == CaseState.CLOSED
    assert kept(case) == stored(case) == from_the_steps(case)
    assert stored(case)[2] == reopened.due_date


def test_a_merge_while_registered_is_no_signing_for_either_request(ledger):
    """响应 counts the first move of someone who took the request on; merging a duplicate
    into it moves neither. The master's note of the merge leaves its facts as they were."""
    duplicate = new_case(ledger.activity, ledger.p.beijing_clerk, content="门口路灯不亮")
    master_before = stored(ledger.case)
    case_route(case=duplicate, action=Action.MERGE, by=ledger.p.beijing_clerk,
               master=ledger.case.pk, note="同一路灯")
    assert Case.objects.get(pk=duplicate.pk).state == CaseState.MERGED
    assert stored(duplicate)[1] is None and from_the_steps(duplicate)[1] is None
    assert stored(ledger.case) == from_the_steps(ledger.case) == master_before
    assert master_before[1] is None


CALLBACK = ["callback_channel", "callback_solved", "callback_satisfaction"]


def answer_kept(case: Case) -> tuple:
    return tuple(Case.objects.filter(pk=case.pk).values_list(*CALLBACK).get())


def answer_from_the_callbacks(case: Case) -> tuple:
    refresh_callback_facts([case.pk])
    return answer_kept(case)


def test_the_case_keeps_the_answer_to_its_latest_closing_and_a_reopening_clears_it(ledger):
    """满意率 and 解决率 count the answer after the latest closing: kept on the case as the
    callback is recorded, cleared when the case is reopened (the next closing is asked
    again), and 逾期未答复 kept once the wait has passed without one."""
    case = closed_by_town_office(ledger)
    assert answer_kept(case) == ("", "", "")
    callback_record(case=case, channel=CallbackChannel.PHONE, solved=Solved.UNSOLVED,
                    satisfaction=Satisfaction.DISSATISFIED, by=ledger.p.beijing_clerk)
    case.refresh_from_db()
    assert case.reopen_count == 1 and answer_kept(case) == ("", "", "")
    assert answer_from_the_callbacks(case) == ("", "", "")
    case = case_route(case=case, action=Action.REPLY, by=ledger.p.beijing_clerk,
                      reply="已再次修复。")
    callback_record(case=case, channel=CallbackChannel.PHONE, solved=Solved.SOLVED,
                    satisfaction=Satisfaction.SATISFIED, by=ledger.p.beijing_clerk)
    expected = (CallbackChannel.PHONE, Solved.SOLVED, Satisfaction.SATISFIED)
    assert answer_kept(case) == answer_from_the_callbacks(case) == expected


def test_no_answer_after_the_wait_is_kept_on_the_case(ledger):
    case = closed_by_town_office(ledger)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=30))
    assert callbacks_record_no_answer(today=timezone.localdate()) == 1
    assert answer_kept(case) == answer_from_the_callbacks(case) == (
        CallbackChannel.NO_ANSWER, "", "")
