"""Every date shown, exported or printed is a Beijing date (Asia/Shanghai). A case closed at
07:00 Beijing time is 23:00 UTC the day before: the ledger page, its .xlsx and its PDF all
say it closed on the Beijing day (规范 第十四条: the ledger records each request's outcome)."""

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from cases.choices import Action
from cases.services import case_route

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
SEVEN_IN_THE_MORNING = dt.datetime(2026, 3, 17, 7, 0, tzinfo=SHANGHAI)


def _close_at_seven(ledger, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: SEVEN_IN_THE_MORNING.astimezone(dt.UTC))
    case_route(case=ledger.case, action=Action.ANSWER, by=ledger.p.beijing_clerk,
               answer="已当场答复")
    monkeypatch.undo()


def test_the_case_page_shows_the_closing_step_in_beijing_time(client, ledger, monkeypatch):
    _close_at_seven(ledger, monkeypatch)
    client.force_login(ledger.p.beijing_clerk)
    page = client.get(reverse("cases:case", args=[ledger.case.pk])).content.decode()
    assert "2026-03-17 07:00" in page and "2026-03-16 23:00" not in page


def test_the_ledger_xlsx_gives_the_beijing_closing_date(client, ledger, monkeypatch):
    _close_at_seven(ledger, monkeypatch)
    client.force_login(ledger.p.beijing_clerk)
    response = client.get(reverse("cases:ledger", args=[ledger.p.beijing_room.pk]),
                          {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content))["诉求办理"].iter_rows(
        values_only=True))
    closed = rows[1][rows[0].index("办结时间")]
    assert closed.date() == dt.date(2026, 3, 17), closed


def test_the_ledger_pdf_gives_the_beijing_closing_date(client, ledger, monkeypatch):
    _close_at_seven(ledger, monkeypatch)
    client.force_login(ledger.p.beijing_clerk)
    response = client.get(reverse("cases:ledger", args=[ledger.p.beijing_room.pk]),
                          {"format": "pdf"})
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = "".join("".join(page.extract_text().split()) for page in pages)
    assert "已当场答复2026年3月17日" in text  # the outcome, then the closing date
