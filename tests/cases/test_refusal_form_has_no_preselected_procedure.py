"""规范 第十一条: the procedure the person is told of is chosen by the clerk; the refusal
form, and the visitor form's refusal, start with none chosen (not 诉讼)."""

import re

from django.urls import reverse

from cases.choices import Action, CaseState

from .reception_day import visitor_form_url


def _selected(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def test_the_refusal_page_chooses_no_procedure(client, ledger):
    client.force_login(ledger.p.beijing_clerk)
    url = reverse("cases:route", args=[ledger.case.pk, Action.REFUSE])
    page = client.get(url).content.decode()
    assert _selected(page, "procedure") == [""] and "请选择" in page
    response = client.post(url, {"referred_body": "越秀区人民法院"})
    assert "procedure" in response.context["form"].errors
    ledger.case.refresh_from_db()
    assert ledger.case.state == CaseState.REGISTERED


def test_the_visitor_form_chooses_no_procedure(client, ledger):
    client.force_login(ledger.p.beijing_clerk)
    page = client.get(visitor_form_url(ledger.activity)).content.decode()
    assert _selected(page, "cases-0-procedure") == [""]
