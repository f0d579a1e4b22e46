"""Only the moves of the transitions table are possible (规范 第十三条); any other move is
refused with a message in Chinese and leaves the case exactly as it was."""

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from cases.choices import Action, CaseState
from cases.models import OPEN_STATES, Case, CaseStep
from cases.services import TRANSITIONS, case_route


def test_an_illegal_transition_is_refused_with_a_message_and_changes_nothing(ledger):
    before = model_to_dict(Case.objects.get(pk=ledger.case.pk))
    steps = CaseStep.objects.count()
    with pytest.raises(ValidationError) as refused:
        case_route(case=ledger.case, action=Action.REPLY, by=ledger.p.beijing_clerk, reply="x")
    message = refused.value.messages[0]
    assert "不能执行“登记部门答复并办结”" in message and "可执行：" in message
    assert model_to_dict(Case.objects.get(pk=ledger.case.pk)) == before
    assert CaseStep.objects.count() == steps


def test_a_closed_case_accepts_no_move_but_reopening(ledger):
    case = case_route(case=ledger.case, action=Action.ANSWER, by=ledger.p.beijing_clerk,
                      answer="已答复")
    with pytest.raises(ValidationError, match="可执行：重办。"):
        case_route(case=case, action=Action.TO_MEMBER, by=ledger.p.beijing_clerk)
    assert Case.objects.get(pk=case.pk).state == CaseState.CLOSED


def test_an_unknown_action_is_refused(ledger):
    with pytest.raises(ValidationError, match="未知的办理操作"):
        case_route(case=ledger.case, action="close_quietly", by=ledger.p.beijing_clerk)


def test_someone_outside_the_case_cannot_move_it(ledger):
    with pytest.raises(ValidationError, match="您无权办理这件诉求"):
        case_route(case=ledger.case, action=Action.ANSWER, by=ledger.p.hualin_clerk, answer="x")
    assert Case.objects.get(pk=ledger.case.pk).state == CaseState.REGISTERED


def test_every_state_but_the_final_ones_has_a_way_out():
    """A closed case may be reopened (重办); a refused one is final."""
    open_states = {state for state, _ in TRANSITIONS}
    assert open_states == set(CaseState.values) - {CaseState.REFUSED}


def test_a_merged_case_only_comes_back_by_undoing_the_merge():
    """相同诉求: a duplicate is handled with its master; staff undo the merge to move it."""
    assert [a for s, a in TRANSITIONS if s == CaseState.MERGED] == [Action.UNMERGE]
    assert {s for s, a in TRANSITIONS if a == Action.MERGE} == set(OPEN_STATES)
