"""A submitted report is reopened only by the municipal office, with a reason that is kept;
the district then edits and resubmits (规范 第十四条)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from notices.models import Message
from reports.choices import ReportStatus
from reports.models import DistrictReport, ReportReopening
from reports.services import report_reopen, report_submit

from .test_submitted_report_is_frozen import submitted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["yuexiu_staff", "liwan_staff", "economy_staff",
                                 "beijing_clerk", "auditor"])
def test_nobody_but_the_municipal_office_may_reopen(yuexiu_year, who):
    report = submitted(yuexiu_year)
    with pytest.raises(PermissionDenied):
        report_reopen(report=report, by=getattr(yuexiu_year.p, who), reason="数据有误")
    assert DistrictReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(yuexiu_year, reason):
    report = submitted(yuexiu_year)
    with pytest.raises(ValidationError, match="请填写退回原因"):
        report_reopen(report=report, by=yuexiu_year.p.city, reason=reason)
    assert not ReportReopening.objects.exists()


def test_only_a_submitted_report_can_be_reopened(yuexiu_year):
    from reports.services import report_draft_create

    draft = report_draft_create(district=yuexiu_year.district, year=2026)
    with pytest.raises(ValidationError):
        report_reopen(report=draft, by=yuexiu_year.p.city, reason="x")


def test_the_city_reopens_with_a_reason_kept_and_the_district_is_told(yuexiu_year):
    report = submitted(yuexiu_year)
    report = report_reopen(report=report, by=yuexiu_year.p.city, reason="来访人数需核对")
    assert report.status == ReportStatus.REOPENED and report.is_editable
    reopening = ReportReopening.objects.get()
    assert (reopening.reason, reopening.by) == ("来访人数需核对", yuexiu_year.p.city)
    assert reopening.previous_submitted_at == report.submitted_at
    assert Message.objects.filter(recipient=yuexiu_year.p.yuexiu_staff,
                                  body__contains="来访人数需核对").exists()
    # Resubmitted after the deadline: still on time, as its first submission was.
    again = report_submit(report=report, by=yuexiu_year.p.yuexiu_staff,
                          now=timezone.make_aware(dt.datetime(2026, 12, 23, 9, 0)))
    assert again.status == ReportStatus.SUBMITTED and not again.late
    assert again.reopenings.count() == 1


def test_the_reopen_form_on_the_page(client, yuexiu_year):
    report = submitted(yuexiu_year)
    url = reverse("reports:reopen", args=[report.district_id, 2026])
    client.force_login(yuexiu_year.p.city)
    response = client.post(url, {"reason": ""}, follow=True)
    assert "请填写退回原因" in response.content.decode()
    assert DistrictReport.objects.get().status == ReportStatus.SUBMITTED
    response = client.post(url, {"reason": "请补充问题"}, follow=True)
    assert DistrictReport.objects.get().status == ReportStatus.REOPENED
    assert "请补充问题" in response.content.decode()  # the kept history on the page
    client.force_login(yuexiu_year.p.yuexiu_staff)
    client.post(url, {"reason": "自己退回"})
    assert ReportReopening.objects.count() == 1
