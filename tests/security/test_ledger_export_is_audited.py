"""A ledger export (which may carry unmasked visitors to their clerk) is
an audit event, besides the per-visitor read log."""

from django.urls import reverse

from audit.models import AuditEvent


def test_each_ledger_export_is_in_the_audit_trail(client, visitors):
    client.force_login(visitors.p.beijing_clerk)
    url = reverse("cases:ledger", args=[visitors.p.beijing_room.pk])
    for fmt in ("xlsx", "pdf"):
        assert client.get(url, {"format": fmt}).status_code == 200
    events = AuditEvent.objects.filter(kind="export", object_type="workrooms.workroom")
    assert sorted(e.detail["name"] for e in events) == ["台账.pdf", "台账.xlsx"]
    assert all("13812345678" not in str(e.detail) for e in events)
