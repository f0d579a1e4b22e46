"""The limit holds outside the forms too: a case's full_clean (run by the registering
service, the admin and imports) refuses a request over 2,000 characters."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case

from .conftest import new_case


def test_full_clean_refuses_a_request_of_50000_characters(ledger):
    case = Case.objects.get(pk=ledger.case.pk)
    case.content = "路灯不亮" * 12_500
    with pytest.raises(ValidationError) as refused:
        case.full_clean(exclude=["current_step"])
    assert refused.value.message_dict["content"] == [
        "确保该变量包含不超过 2000 字符 (目前字符数 50000)。"
    ]


def test_registering_a_request_of_2001_characters_is_refused(ledger):
    with pytest.raises(ValidationError):
        new_case(ledger.activity, ledger.p.beijing_clerk, content="灯" * 2001)
    assert Case.objects.count() == 1  # the fixture's own

