"""A voided case counts nowhere: not in the clerk's lists and counts, the overdue list, the
ledger, clusters or the district's yearly report (规范 第十三条, 规范 第十四条); its own page says
it was voided and why, and it can no longer be routed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.services import records_void
from cases.choices import Action
from cases.models import Case
from cases.services import case_route
from reports.figures import report_figures

from ..factories import district
from .conftest import new_case

pytestmark = pytest.mark.django_db


def void(case, p):
    records_void(rows=Case.objects.filter(pk=case.pk), by=p.yuexiu_staff, reason="测试登记")


def test_a_voided_case_leaves_the_clerks_lists_the_ledger_and_the_report(client, ledger):
    p, kept = ledger.p, new_case(ledger.activity, ledger.p.beijing_clerk, content="老楼加装电梯")
    void(ledger.case, p)
    client.force_login(p.beijing_clerk)
    listed = client.get(reverse("cases:list")).content.decode()
    assert f"#{kept.pk}" in listed and f"#{ledger.case.pk}" not in listed
    start = client.get(reverse("cases:start"))
    assert start.context["open_count"] == 1 and start.context["to_route"] == 1
    page = client.get(reverse("cases:ledger", args=[p.beijing_room.pk]))
    assert dict(page.context["totals"])["受理诉求（件）"] == 1
    assert [c.pk for c in page.context["ledger"].cases] == [kept.pk]
    figures = report_figures(district=district("越秀区"), year=ledger.activity.date.year)
    assert figures["cases"]["total"] == 1


def test_a_voided_case_says_so_and_cannot_be_routed(client, ledger):
    void(ledger.case, ledger.p)
    client.force_login(ledger.p.beijing_clerk)
    text = client.get(reverse("cases:case", args=[ledger.case.pk])).content.decode()
    assert "该诉求已于" in text and "作废（原因：测试登记）" in text
    response = client.post(reverse("cases:route", args=[ledger.case.pk, Action.ANSWER]),
                           {"answer": "已答复"})
    assert "该诉求已作废" in response.content.decode()
    with pytest.raises(ValidationError, match="已作废"):
        case_route(case=ledger.case, action=Action.ANSWER, by=ledger.p.beijing_clerk,
                   answer="已答复")
    ledger.case.refresh_from_db()
    assert ledger.case.state == "registered"
