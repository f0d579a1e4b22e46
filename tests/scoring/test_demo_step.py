"""The demo gives members a year of duty records, so their pages look real."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from members.models import Member
from scoring.models import DutyRecord, SectorActivity
from scoring.quotas import quota_status

pytestmark = pytest.mark.django_db


def test_the_demo_step_adds_records_and_sector_activities():
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())
    assert DutyRecord.objects.count() > 300 and SectorActivity.objects.exists()
    assert DutyRecord.objects.filter(confirmed=False).exists()
    member = Member.objects.get(user__username="member")
    assert member.duty_records.exists() and member.convened_sectors.exists()
    from django.utils import timezone

    status = quota_status(members=Member.objects.active(), year=timezone.localdate().year)
    behind = sum(row.behind for row in status.rows)
    assert 0 < behind < len(status.rows)  # some done, some behind
