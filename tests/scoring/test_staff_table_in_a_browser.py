"""District staff open 履职统计, keep only members behind, and see the chart (Chromium)."""

import pytest

from scoring.choices import DutyKind

from ..conftest import browser_login
from .conftest import city_member, full_year, record

SCREENSHOT = "/tmp/scoring_staff_table.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_district_staff_filter_the_table_to_members_behind(personas, live_server, desktop_page):
    full_year(city_member(name="甲完成"))
    record(DutyKind.PROPOSAL, city_member(name="乙部分"))
    browser_login(desktop_page, live_server, "yuexiu")
    desktop_page.click("text=履职统计")
    desktop_page.goto(f"{live_server.url}/duty/table/?year=2026")
    table = desktop_page.locator("table.duty-table").inner_text()
    assert "甲完成" in table and "乙部分" in table and "李华" not in table
    assert desktop_page.locator(".chart svg").count() == 1
    desktop_page.check("input[name=behind]")
    desktop_page.click("text=筛选")
    table = desktop_page.locator("table.duty-table").inner_text()
    assert "甲完成" not in table and "乙部分" in table
    desktop_page.screenshot(path=SCREENSHOT, full_page=True)
