"""A record's past version is read in the admin, never saved back: simple-history's revert
would save it past every permission and check, so that a voided case came back (规范 第十四条:
a voided record counts nowhere) and a clerk who only reads workrooms renamed one."""

import pytest
from django.urls import reverse

from audit.services import records_void
from cases.models import Case

pytestmark = pytest.mark.django_db


def test_a_past_version_cannot_be_saved_back(client, ledger):
    case = ledger.case
    records_void(rows=Case.objects.filter(pk=case.pk), by=ledger.p.yuexiu_staff, reason="重复登记")
    before = case.history.order_by("history_id").first()
    client.force_login(ledger.p.yuexiu_staff)
    url = reverse("admin:cases_case_simple_history", args=[case.pk, before.history_id])
    assert client.post(url, {"content": "改回去"}).status_code == 405
    case.refresh_from_db()
    assert case.voided_at is not None

    room = ledger.p.beijing_room
    first = room.history.order_by("history_id").first()
    client.force_login(ledger.p.beijing_clerk)  # reads workrooms, changes none
    url = reverse("admin:workrooms_workroom_simple_history", args=[room.pk, first.history_id])
    assert client.post(url, {"name": "改名"}).status_code == 405
    room.refresh_from_db()
    assert room.name == "北京街工作室"
