"""An Excel cell holds at most 32,767 characters (Excel calls a file with more damaged):
a longer text, written before the limits existed, is cut in the ledger's .xlsx with a
note of its full length."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Case


def test_an_overlong_request_is_cut_to_a_cell_with_a_note(client, ledger):
    Case.objects.filter(pk=ledger.case.pk).update(content="路灯不亮" * 12_500)  # no validation
    client.force_login(ledger.p.beijing_clerk)
    response = client.get(reverse("cases:ledger", args=[ledger.p.beijing_room.pk]),
                          {"format": "xlsx"})
    cases = load_workbook(io.BytesIO(response.content))["诉求办理"]
    content = cases.cell(row=2, column=7).value
    assert len(content) == 32_767 and content.endswith("……（全文共50000字，见系统）")
    assert content.startswith("路灯不亮路灯不亮")
