"""The district is told why its report came back: a reason the office wrote with its own
full stop is not followed by a second one (“原因：数据有误。。”)."""

import pytest

from notices.models import Message
from reports.services import report_reopen

from .test_submitted_report_is_frozen import submitted

pytestmark = pytest.mark.django_db


def test_the_notice_of_a_reopened_report_has_one_full_stop_after_the_reason(yuexiu_year):
    report = submitted(yuexiu_year)
    report_reopen(report=report, by=yuexiu_year.p.city, reason="来访人数需核对。")
    body = Message.objects.get(recipient=yuexiu_year.p.yuexiu_staff,
                               key__startswith="report-reopened").body
    assert "原因：来访人数需核对。请修改后重新报送。" in body
    assert "。。" not in body
