"""规范 第十三条（一）: answered at the reception, the case closes with the answer."""

from cases.choices import Action, CaseState, Route
from cases.services import case_route
from notices.models import Message
from notices.services import address_digest


def test_a_case_answered_on_the_spot_closes_with_the_answer_and_tells_member_and_visitor(ledger):
    case = case_route(
        case=ledger.case, action=Action.ANSWER, by=ledger.p.beijing_clerk,
        answer="路灯已报修，三日内修复。",
    )
    assert (case.state, case.route) == (CaseState.CLOSED, Route.ON_THE_SPOT)
    assert case.outcome == "路灯已报修，三日内修复。" and case.closed_at is not None
    assert case.due_date is None and case.handler is None
    steps = list(case.steps.values_list("action", "from_state", "to_state"))
    assert steps == [
        (Action.REGISTER, "", CaseState.REGISTERED),
        (Action.ANSWER, CaseState.REGISTERED, CaseState.CLOSED),
    ]
    told = Message.objects.filter(key=f"case:{case.pk}:outcome")
    assert told.filter(recipient=ledger.p.member_user).exists()
    visitor_sms = told.get(channel="sms", address_digest=address_digest("13812345678"))
    assert visitor_sms.address == "13812345678"  # the visitor agreed (stored encrypted)


def test_a_visitor_who_did_not_agree_is_not_contacted(ledger):
    ledger.visitor.consent_to_contact = False
    ledger.visitor.save()
    case_route(case=ledger.case, action=Action.ANSWER, by=ledger.p.beijing_clerk, answer="已答复")
    # (The fixture registered the case while the visitor still agreed: its receipt went.)
    assert not Message.objects.filter(address_digest=address_digest("13812345678")).exclude(
        key=f"case:{ledger.case.pk}:receipt"
    ).exists()
