"""A ledger PDF that takes longer than its limit (settings.PDF_TIME_LIMIT, well inside the
web server's own timeout) is stopped: the clerk is back on the ledger page with a Chinese
message saying why and what to do, not a 500 or a hung connection; nothing is recorded
as exported."""

from django.urls import reverse

from audit.choices import EventKind
from audit.models import AuditEvent


def test_the_clerk_is_told_in_chinese_to_narrow_the_period(client, ledger, settings):
    settings.PDF_TIME_LIMIT = 0.01  # no PDF is laid out that fast
    client.force_login(ledger.p.beijing_clerk)
    url = reverse("cases:ledger", args=[ledger.p.beijing_room.pk])
    response = client.get(url, {"format": "pdf", "start": "2026-01-01"})
    assert response.status_code == 302 and response["Location"] == f"{url}?start=2026-01-01"
    page = client.get(response["Location"]).content.decode()
    assert "台账内容较多，PDF 未能在0.01秒内生成，已停止。请缩小统计时段后分段导出" in page
    assert not AuditEvent.objects.filter(kind=EventKind.EXPORT).exists()
