"""规范 第十一条: matters for litigation, reconsideration, arbitration or another legal
procedure are not taken on; the workroom tells the person which body and procedure."""

import pytest
from django.core.exceptions import ValidationError

from cases.choices import Action, CaseState, RefusalProcedure, Route
from cases.models import Case
from cases.services import case_route


def test_a_refusal_records_the_body_and_procedure_and_is_counted_separately(ledger):
    case = case_route(
        case=ledger.case, action=Action.REFUSE, by=ledger.p.beijing_clerk,
        procedure=RefusalProcedure.ARBITRATION, referred_body="越秀区劳动人事争议仲裁委员会",
    )
    assert (case.state, case.route) == (CaseState.REFUSED, Route.REFUSED)
    assert case.referred_body == "越秀区劳动人事争议仲裁委员会"
    assert case.referred_procedure == RefusalProcedure.ARBITRATION
    assert "仲裁" in case.outcome and "越秀区劳动人事争议仲裁委员会" in case.outcome
    assert list(Case.objects.refused()) == [case]
    assert not Case.objects.open().filter(pk=case.pk).exists()


def test_a_refusal_without_saying_where_to_turn_is_refused(ledger):
    with pytest.raises(ValidationError, match="请填写告知群众应向哪个机关或部门反映"):
        case_route(case=ledger.case, action=Action.REFUSE, by=ledger.p.beijing_clerk,
                   procedure=RefusalProcedure.LITIGATION, referred_body="")
    with pytest.raises(ValidationError, match="请选择应通过的法定程序"):
        case_route(case=ledger.case, action=Action.REFUSE, by=ledger.p.beijing_clerk,
                   procedure="", referred_body="越秀区人民法院")
    ledger.case.refresh_from_db()
    assert ledger.case.state == CaseState.REGISTERED and ledger.case.route == ""
