"""A route's texts (an answer, an instruction, a reply, feedback, a note) are kept in
fields of at most 2,000 characters (规范 第十三条): the route form refuses more with a
Chinese message, and so does the service, whoever calls it; the case is left as it was."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.choices import Action, CaseState
from cases.services import case_route


def test_the_route_form_refuses_an_answer_over_the_limit(client, ledger):
    client.force_login(ledger.p.beijing_clerk)
    url = reverse("cases:route", args=[ledger.case.pk, "answer"])
    response = client.post(url, {"answer": "已答复" * 1000})
    assert response.status_code == 200
    assert response.context["form"].errors["answer"] == [
        "确保该变量包含不超过 2000 字符 (目前字符数 3000)。"
    ]
    ledger.case.refresh_from_db()
    assert ledger.case.state == CaseState.REGISTERED and ledger.case.outcome == ""


def test_the_service_refuses_a_note_over_the_limit(ledger):
    with pytest.raises(ValidationError) as refused:
        case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=ledger.p.beijing_clerk,
                   note="说明" * 1001)
    assert refused.value.messages == ["说明：确保该变量包含不超过 2000 字符 (目前字符数 2002)。"]
    ledger.case.refresh_from_db()
    assert ledger.case.state == CaseState.REGISTERED
