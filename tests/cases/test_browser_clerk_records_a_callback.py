"""On a phone (headless Chromium), the workroom's clerk calls back the resident of a closed
request and records the two answers (是否解决, 满意程度), how and when; the case page then
shows the callback with who called, and offers no second record."""

import pytest

from cases.choices import CallbackChannel, Satisfaction, Solved
from cases.models import Callback

from ..conftest import browser_login, fits_the_phone
from .closing import closed_by_town_office

SHOTS = "/tmp/callback_phone_{}.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_clerk_records_a_callback_on_a_phone(ledger, live_server, phone_page):
    case, page = closed_by_town_office(ledger), phone_page
    browser_login(page, live_server, "beijing_clerk")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert "已办结" in page.locator("h1").inner_text()
    page.click("a.button:text-is('记录回访')")
    page.wait_for_url(f"**/cases/{case.pk}/callback/")

    page.check("input[name=channel][value=phone]")
    assert page.input_value("input[name=called_at]")  # now, filled in
    page.check("input[name=solved][value=partly]")
    page.check("input[name=satisfaction][value=basically_satisfied]")
    page.fill("textarea[name=comment]", "路灯修好了，旁边还有一盏不亮")
    assert fits_the_phone(page)
    page.screenshot(path=SHOTS.format("form"), full_page=True)
    page.click("button:text-is('保存回访结果')")

    page.wait_for_url(f"**/cases/{case.pk}/")
    assert "回访结果已记录" in page.locator(".messages").inner_text()
    callbacks = page.locator("#callbacks").inner_text()
    assert "电话回访" in callbacks and "部分解决" in callbacks and "基本满意" in callbacks
    assert "回访人：beijing_clerk" in callbacks or "回访人：" in callbacks
    assert page.locator("#callbacks a.button").count() == 0  # written once
    assert fits_the_phone(page)
    page.screenshot(path=SHOTS.format("case"), full_page=True)

    callback = Callback.objects.get(case=case)
    assert (callback.channel, callback.solved, callback.satisfaction) == (
        CallbackChannel.PHONE, Solved.PARTLY, Satisfaction.BASICALLY_SATISFIED)
    assert callback.recorded_by == ledger.p.beijing_clerk and callback.called_at
