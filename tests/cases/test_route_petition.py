"""规范 第十三条（三）: a petition goes to the petition office; the outcome is reported
back to the member, and only then does the case close."""

import pytest
from django.core.exceptions import ValidationError

from cases.choices import Action, CaseState, Route
from cases.models import Case
from cases.services import case_route
from notices.models import Message


def _at_petition_office(ledger):
    return case_route(
        case=ledger.case, action=Action.TO_PETITION, by=ledger.p.beijing_clerk,
        department=ledger.petition_office,
    )


def test_petition_cannot_close_without_feedback(ledger):
    case = _at_petition_office(ledger)
    case = case_route(case=case, action=Action.PETITION_OUTCOME, by=ledger.p.beijing_clerk,
                      outcome="信访局已受理并答复。")
    assert case.state == CaseState.AWAITING_FEEDBACK
    for closing in (Action.REPLY, Action.ANSWER, Action.FILE):
        with pytest.raises(ValidationError, match="向委员反馈后，方可办结"):
            case_route(case=case, action=closing, by=ledger.p.beijing_clerk,
                       reply="x", answer="x", kind="proposal", title="x")
    case.refresh_from_db()
    assert case.state == CaseState.AWAITING_FEEDBACK and case.closed_at is None


def test_a_petition_closes_once_feedback_to_the_member_is_recorded(ledger):
    case = _at_petition_office(ledger)
    assert (case.route, case.state) == (Route.PETITION, CaseState.WITH_PETITION_OFFICE)
    case = case_route(case=case, action=Action.PETITION_OUTCOME, by=ledger.p.beijing_clerk,
                      outcome="信访局已受理并答复。")
    with pytest.raises(ValidationError, match="请填写向委员反馈"):
        case_route(case=case, action=Action.FEEDBACK, by=ledger.p.beijing_clerk, feedback=" ")
    case = case_route(case=case, action=Action.FEEDBACK, by=ledger.p.beijing_clerk,
                      feedback="已电话告知陈明委员。")
    assert case.state == CaseState.CLOSED and case.feedback_at is not None
    assert Message.objects.filter(
        key=f"case:{case.pk}:outcome", recipient=ledger.p.member_user
    ).exists()


def test_the_database_refuses_a_petition_closed_without_feedback(ledger):
    case = _at_petition_office(ledger)
    case.state = CaseState.CLOSED
    with pytest.raises(ValidationError, match="信访事项须将办理情况向委员反馈后方可办结"):
        case.validate_constraints()
    assert Case.objects.get(pk=case.pk).state == CaseState.WITH_PETITION_OFFICE
