"""The ledger PDF (台账, 规范 第十四条) costs little whatever the rows hold. A request of
50,000 characters written before the limit existed (or straight into the database) once
kept a core busy for over 30 minutes; now each cell prints at most 500 characters with a
note of the full length, and an unbroken run of letters wraps inside its column."""

import io
import re
import time

from django.urls import reverse
from pypdf import PdfReader

from cases.models import Activity, Case


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_request_of_50000_characters_prints_cut_within_seconds(client, ledger):
    Case.objects.filter(pk=ledger.case.pk).update(content="路灯不亮" * 12_500)  # no validation
    Activity.objects.filter(pk=ledger.activity.pk).update(summary="接待" * 30_000)
    client.force_login(ledger.p.beijing_clerk)
    started = time.monotonic()
    response = client.get(reverse("cases:ledger", args=[ledger.p.beijing_room.pk]),
                          {"format": "pdf"})
    assert time.monotonic() - started < 20
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = re.sub(r"\s", "", _pdf_text(response))
    assert "……（全文共50000字，见系统）" in text and "……（全文共60000字，见系统）" in text
    assert text.count("灯") == 125  # the first 500 characters of 路灯不亮…


def test_an_unbroken_run_of_letters_wraps_inside_its_column(client, ledger):
    Case.objects.filter(pk=ledger.case.pk).update(content="x" * 400)
    client.force_login(ledger.p.beijing_clerk)
    response = client.get(reverse("cases:ledger", args=[ledger.p.beijing_room.pk]),
                          {"format": "pdf"})
    runs = re.findall(r"x+", _pdf_text(response))
    assert sum(map(len, runs)) == 400
    assert max(map(len, runs)) < 60  # lines of the column's width, not one line off the page
