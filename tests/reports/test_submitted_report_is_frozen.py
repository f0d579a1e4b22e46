"""规范 第十四条: a submitted report is frozen; later edits to the records do not change it
(its page, its files and the city summary read the snapshot)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.choices import CaseState, Route
from reports.choices import ReportStatus
from reports.documents import city_data, district_data
from reports.figures import report_figures
from reports.models import DistrictReport
from reports.services import report_draft_create, report_narrative_update, report_submit

from .conftest import case, inspect

pytestmark = pytest.mark.django_db


def submitted(yuexiu_year, when=dt.datetime(2026, 12, 15, 10, 0)):
    staff = yuexiu_year.p.yuexiu_staff
    report = report_draft_create(district=yuexiu_year.district, year=2026)
    report_narrative_update(report=report, by=staff, achievements="成效", problems="问题",
                            plans="打算")
    return report_submit(report=report, by=staff, now=timezone.make_aware(when))


def edit_records_later(yuexiu_year):
    case(yuexiu_year.act1, Route.ON_THE_SPOT, CaseState.CLOSED)
    inspect(yuexiu_year.room2, dt.date(2026, 12, 16), "excellent")
    yuexiu_year.act3.attendance = 999
    yuexiu_year.act3.save()


def test_submitting_stores_the_figures_and_later_edits_do_not_change_them(yuexiu_year):
    report = submitted(yuexiu_year)
    frozen = report_figures(district=yuexiu_year.district, year=2026)
    assert report.status == ReportStatus.SUBMITTED and report.figures == frozen

    edit_records_later(yuexiu_year)

    live = report_figures(district=yuexiu_year.district, year=2026)
    assert live["cases"]["total"] == 11 and live["inspections"]["total"] == 4
    report.refresh_from_db()
    assert report.figures == frozen
    assert district_data(district=yuexiu_year.district, year=2026)["figures"] == frozen
    yuexiu = next(r for r in city_data(year=2026)["districts"] if r["district"] == "越秀区")
    assert yuexiu["figures"] == frozen and yuexiu["figures"]["cases"]["total"] == 10


def test_the_page_and_the_xlsx_show_the_snapshot_after_an_edit(client, yuexiu_year):
    import io

    from openpyxl import load_workbook

    report = submitted(yuexiu_year)
    edit_records_later(yuexiu_year)
    client.force_login(yuexiu_year.p.yuexiu_staff)
    page = client.get(reverse("reports:district", args=[report.district_id, 2026]))
    assert "冻结的快照" in page.content.decode()
    response = client.get(reverse("reports:district_download",
                                  args=[report.district_id, 2026, "xlsx"]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    totals = {row[1]: row[2] for row in book["群众诉求"].iter_rows(min_row=2, values_only=True)
              if row[0] == "合计"}
    assert totals["群众诉求"] == 10


def test_a_submitted_report_cannot_be_edited_or_submitted_again(yuexiu_year):
    from django.core.exceptions import ValidationError

    report = submitted(yuexiu_year)
    staff = yuexiu_year.p.yuexiu_staff
    with pytest.raises(ValidationError):
        report_narrative_update(report=report, by=staff, achievements="改", problems="",
                                plans="")
    with pytest.raises(ValidationError):
        report_submit(report=report, by=staff)
    assert DistrictReport.objects.get(pk=report.pk).achievements == "成效"


def test_submitting_without_the_narrative_is_refused_in_chinese(yuexiu_year):
    from django.core.exceptions import ValidationError

    report = report_draft_create(district=yuexiu_year.district, year=2026)
    with pytest.raises(ValidationError, match="请先填写：主要成效、存在问题、下一步打算"):
        report_submit(report=report, by=yuexiu_year.p.yuexiu_staff)
    assert DistrictReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_district_staff_save_and_submit_on_the_page(client, yuexiu_year):
    client.force_login(yuexiu_year.p.yuexiu_staff)
    url = reverse("reports:district", args=[yuexiu_year.district.pk, 2026])
    form = {"achievements": "全覆盖", "problems": "", "plans": "继续", "action": "submit"}
    response = client.post(url, form)
    assert response.status_code == 400 and "请先填写：存在问题" in response.content.decode()
    assert DistrictReport.objects.get().status == ReportStatus.DRAFT
    response = client.post(url, {**form, "problems": "台账不全"}, follow=True)
    assert "报告已报送市政协办公厅" in response.content.decode()
    assert DistrictReport.objects.get().status == ReportStatus.SUBMITTED


def test_the_municipal_office_cannot_write_a_districts_report(client, yuexiu_year):
    client.force_login(yuexiu_year.p.city)
    url = reverse("reports:district", args=[yuexiu_year.district.pk, 2026])
    assert client.post(url, {"achievements": "x", "action": "save"}).status_code == 403
    assert not DistrictReport.objects.exists()
