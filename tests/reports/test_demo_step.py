"""The demo (load_demo) gives this year's workroom inspections and a draft report for 越秀区,
and its pages and downloads work on that data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from reports.choices import ReportStatus
from reports.models import DistrictReport, WorkroomInspection

pytestmark = pytest.mark.django_db


def test_the_demo_has_inspections_and_a_draft_report_that_the_pages_show(client):
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=out)
    year = timezone.localdate().year
    assert "年度报告" in out.getvalue()
    assert WorkroomInspection.objects.filter(year=year).count() >= 5
    report = DistrictReport.objects.get(district__name="越秀区", year=year)
    assert report.status == ReportStatus.DRAFT and report.achievements
    figures = report.figures
    assert figures["members"]["total"] > 0 and figures["cases"]["total"] > 0

    User.objects.update(must_change_password=False)  # demo logins must change it first
    client.force_login(User.objects.get(username="city"))
    page = client.get(reverse("reports:overview", args=[year]))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    client.force_login(User.objects.get(username="yuexiu"))
    page = client.get(reverse("reports:district", args=[report.district_id, year]))
    assert "保存草稿" in page.content.decode()
    client.force_login(User.objects.get(username="economy"))
    assert client.get(reverse("reports:index"), follow=True).status_code == 200
