"""A member logs in on a phone and reads their progress (headless Chromium)."""

import datetime as dt

import pytest

from scoring.choices import DutyKind

from ..conftest import browser_login, fits_the_phone
from ..factories import ConstituentFactory
from .conftest import record

SCREENSHOT = "/tmp/scoring_member_page.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_member_reads_their_quota_progress_on_a_phone(personas, live_server, phone_page):
    record(DutyKind.COMMUNITY_ACTIVITY, personas.member, date=dt.date(2026, 3, 16),
           title="北京街委员接待日")
    record(DutyKind.PROPOSAL, personas.member, personas.other_member,
           title="关于加装电梯的联名提案")
    record(DutyKind.SOCIAL_REPORT, personas.member, confirmed=False, title="停车难社情民意")
    ConstituentFactory(member=personas.member, name="周群众")

    browser_login(phone_page, live_server, "member")
    phone_page.click("text=我的履职")
    phone_page.goto(f"{live_server.url}/duty/me/?year=2026")

    visits = phone_page.locator("li.quota[data-quota=community_activity]")
    assert "1/2" in visits.inner_text() and "还差 1 次" in visits.inner_text()
    assert "已完成" in phone_page.locator("li.quota[data-quota=proposal]").inner_text()
    reports = phone_page.locator("li.quota[data-quota=social_report]").inner_text()
    assert "另有 1 条待确认" in reports
    points = phone_page.locator("#points").inner_text()
    assert "专题协商" in points and "北京街委员接待日" in points
    assert fits_the_phone(phone_page)
    phone_page.screenshot(path=SCREENSHOT, full_page=True)

    phone_page.select_option("select[name=constituent]", label="周群众")
    phone_page.fill("textarea[name=note]", "反映小区停车难")
    phone_page.click("text=保存联系记录")
    assert "已记录联系" in phone_page.locator(".messages").inner_text()
