"""A case registered in error is voided, never deleted (规范 第十四条): district or municipal
staff choose 作废 in the admin and must give a reason. The case stays, marked 已作废 in the
admin, its history records who voided it and why, and so does the audit trail. Clerks and
town leads cannot void."""

import pytest
from django.urls import reverse

from audit.choices import EventKind
from audit.models import AuditEvent
from cases.models import Case

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:cases_case_changelist")


def void(client, case, reason=None):
    data = {"action": "void", "_selected_action": [case.pk], "post": "yes"}
    if reason is not None:
        data["reason"] = reason
    return client.post(CHANGELIST, data)


def test_district_staff_void_a_case_with_a_reason_and_it_is_kept(client, ledger):
    case, staff = ledger.case, ledger.p.yuexiu_staff
    client.force_login(staff)
    asked = void(client, case)  # first the confirmation page, asking why
    assert asked.status_code == 200 and "作废原因" in asked.content.decode()
    assert void(client, case, reason="同一诉求重复登记").status_code == 302
    case.refresh_from_db()
    assert case.voided_at is not None and case.voided_by == staff
    assert case.void_reason == "同一诉求重复登记"
    latest = case.history.latest()
    assert (latest.history_user, latest.voided_by_id) == (staff, staff.pk)
    assert "同一诉求重复登记" in latest.history_change_reason
    event = AuditEvent.objects.get(kind=EventKind.VOID)
    assert (event.user, event.object_type, event.object_id) == (
        staff, "cases.case", str(case.pk))
    assert event.detail == {"reason": "同一诉求重复登记"}
    listed = client.get(CHANGELIST, {"voided": "yes"}).content.decode()
    assert f"#{case.pk}" in listed and "已作废" in listed


def test_a_case_is_not_voided_without_a_reason(client, ledger):
    client.force_login(ledger.p.city)
    response = void(client, ledger.case, reason="  ")
    assert response.status_code == 200 and "请填写作废原因" in response.content.decode()
    ledger.case.refresh_from_db()
    assert ledger.case.voided_at is None and not AuditEvent.objects.filter(kind="void").exists()


def test_clerks_town_leads_and_other_districts_cannot_void(client, ledger):
    p = ledger.p
    for user in (p.beijing_clerk, p.beijing_lead, p.liwan_staff):
        client.force_login(user)
        void(client, ledger.case, reason="越权作废")
    assert Case.objects.get(pk=ledger.case.pk).voided_at is None
