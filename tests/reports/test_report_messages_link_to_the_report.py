"""The messages about a district's report (submitted, sent back) link to its page, which
each recipient may open (规范 第十四条)."""

import pytest
from django.urls import reverse

from notices.models import Message
from reports.services import report_reopen

from .test_submitted_report_is_frozen import submitted

pytestmark = pytest.mark.django_db


def test_submitted_and_sent_back_messages_link_to_the_report_page(client, yuexiu_year):
    report = submitted(yuexiu_year)
    report_reopen(report=report, by=yuexiu_year.p.city, reason="数据有误")
    url = reverse("reports:district", args=[report.district_id, 2026])
    for prefix, reader in (("report-submitted:", "city"), ("report-reopened:", "yuexiu_staff")):
        message = Message.objects.get(key__startswith=prefix, channel="inbox",
                                      recipient=getattr(yuexiu_year.p, reader))
        assert message.link == url
        client.force_login(message.recipient)
        assert client.get(message.link).status_code == 200
