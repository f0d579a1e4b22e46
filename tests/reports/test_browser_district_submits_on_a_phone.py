"""On a phone, district staff open their yearly report from the home page, write the
narrative and submit it (规范 第十四条); on a PC the municipal office sees it submitted on
time and downloads the city summary."""

import pytest

from reports.choices import ReportStatus
from reports.models import DistrictReport

from ..conftest import browser_login, fits_the_phone

SHOTS = "/tmp/reports_{}.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_district_staff_submit_on_a_phone_and_the_city_downloads_on_a_pc(
    personas, live_server, phone_page, desktop_page
):
    page = phone_page
    browser_login(page, live_server, "yuexiu")
    page.click("text=年度报告")
    page.wait_for_load_state()
    assert "越秀区" in page.locator("h1").inner_text()
    assert fits_the_phone(page)
    page.fill("textarea[name=achievements]", "委员进社区实现全覆盖。")
    page.fill("textarea[name=problems]", "部分工作室台账不全。")
    page.fill("textarea[name=plans]", "明年推广网上工作室。")
    page.screenshot(path=SHOTS.format("district_phone"), full_page=True)
    page.click("button:has-text('报送市政协办公厅')")
    page.wait_for_load_state()
    assert "报告已报送市政协办公厅" in page.locator(".messages").inner_text()
    assert fits_the_phone(page)
    report = DistrictReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.figures["district"] == "越秀区"

    page = desktop_page
    browser_login(page, live_server, "city")
    page.click("text=年度报告")
    assert "按时报送 1" in page.locator(".summary-counts").inner_text().replace("\n", " ")
    assert page.locator("svg").count() == 4  # three charts and the districts' 三率 map
    page.screenshot(path=SHOTS.format("overview_pc"), full_page=True)
    with page.expect_download() as download:
        page.click("p.downloads a:text-is('Excel')")
    assert download.value.suggested_filename.endswith(".xlsx")
