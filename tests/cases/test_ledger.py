"""The ledger (台账, 规范 第十四条) of a workroom: activities held, members present,
visitors, cases with routes and outcomes; by date; as .xlsx and as a Chinese PDF."""

import io

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from cases.choices import Action, RefusalProcedure
from cases.services import case_route

from .conftest import held_activity, new_case


def _two_cases_one_refused(ledger):
    case_route(case=ledger.case, action=Action.ANSWER, by=ledger.p.beijing_clerk,
               answer="已当场答复")
    refused = new_case(ledger.activity, ledger.p.beijing_clerk, content="劳动合同纠纷")
    case_route(case=refused, action=Action.REFUSE, by=ledger.p.beijing_clerk,
               procedure=RefusalProcedure.ARBITRATION, referred_body="越秀区劳动人事争议仲裁委员会")


def test_the_ledger_page_counts_and_lists_by_date(client, ledger):
    _two_cases_one_refused(ledger)
    import datetime as dt

    held_activity(ledger.p.beijing_room, ledger.p.beijing_clerk, [ledger.p.member],
                  date=dt.date(2026, 5, 15))
    client.force_login(ledger.p.beijing_clerk)
    url = reverse("cases:ledger", args=[ledger.p.beijing_room.pk])
    totals = dict(client.get(url).context["totals"])
    assert totals["举行活动（次）"] == 2 and totals["委员到场（人次）"] == 2
    assert totals["受理诉求（件）"] == 1 and totals["其中已办结（件）"] == 1
    assert totals["不予受理，已告知途径（件，规范 第十一条）"] == 1
    march = client.get(url, {"start": "2026-03-01", "end": "2026-03-31"}).context
    assert len(march["ledger"].activities) == 1
    assert client.get(url, {"start": "2026-04-01", "end": "2026-03-01"}).context[
        "form"].errors["__all__"] == ["起始日期不能晚于截止日期。"]


def test_the_ledger_page_shows_each_cases_route_and_state(client, ledger):
    _two_cases_one_refused(ledger)
    new_case(ledger.activity, ledger.p.beijing_clerk, content="垃圾清运不及时")
    client.force_login(ledger.p.beijing_clerk)
    html = client.get(reverse("cases:ledger", args=[ledger.p.beijing_room.pk])).content.decode()
    assert "（一）当场答复 · 已办结" in html
    assert "不予受理（第十一条） · 不予受理（已告知途径）" in html
    assert "待分办 · 已登记，待分办" in html


def test_the_xlsx_has_activities_visitors_and_cases_with_routes(client, ledger):
    _two_cases_one_refused(ledger)
    client.force_login(ledger.p.beijing_clerk)
    response = client.get(reverse("cases:ledger", args=[ledger.p.beijing_room.pk]),
                          {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["概况", "活动", "来访群众", "诉求办理"]
    cases = list(book["诉求办理"].iter_rows(values_only=True))
    assert len(cases) == 3
    text = " ".join(str(c) for row in cases for c in row)
    assert "（一）当场答复" in text and "仲裁：越秀区劳动人事争议仲裁委员会" in text
    activities = list(book["活动"].iter_rows(values_only=True))
    assert activities[1][2] == "陈明"


def test_the_pdf_is_in_chinese_with_an_embedded_cjk_font(client, ledger):
    _two_cases_one_refused(ledger)
    client.force_login(ledger.p.yuexiu_staff)
    response = client.get(reverse("cases:ledger", args=[ledger.p.beijing_room.pk]),
                          {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "北京街工作室工作台账" in text and "不予受理" in text
    assert "138****5678" in text and "13812345678" not in text  # district staff: masked
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("WenQuanYi" in f or "Noto" in f for f in fonts), fonts


def test_formulas_typed_into_a_case_are_neutralised_in_the_export(client, ledger):
    new_case(ledger.activity, ledger.p.beijing_clerk, content="=HYPERLINK(\"http://x\")")
    client.force_login(ledger.p.beijing_clerk)
    response = client.get(reverse("cases:ledger", args=[ledger.p.beijing_room.pk]),
                          {"format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    contents = [row[6] for row in book["诉求办理"].iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in contents
