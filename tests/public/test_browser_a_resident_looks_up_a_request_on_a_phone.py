"""On a phone (headless Chromium), a resident with no login opens the address on their
receipt, types the receipt number and the last four digits of their phone, and reads where
their request is, who handles it and by when; a mistyped phone gets the plain answer."""

import pytest

from cases.choices import Action
from cases.services import case_route

from ..cases.conftest import PHONE
from ..conftest import fits_the_phone

SHOTS = "/tmp/resident_status_phone_{}.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_resident_without_a_login_looks_up_a_request_on_a_phone(ledger, live_server, phone_page):
    p, page = ledger.p, phone_page
    violations = []
    page.on("console", lambda msg: violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    case = case_route(case=case, action=Action.INSTRUCT, by=p.beijing_lead,
                      instruction="请城管办三日内核查修复。", department=ledger.town_office)

    page.goto(f"{live_server.url}/status/")
    assert "诉求办理进度查询" in page.locator("h1").inner_text()
    page.fill("input[name=receipt]", case.receipt)
    page.fill("input[name=last4]", "9999")
    page.click("button.primary")
    assert "未查到" in page.locator("[role=alert]").inner_text()

    page.fill("input[name=last4]", PHONE[-4:])
    page.click("button.primary")
    card = page.locator("section.status").inner_text()
    assert "镇（街）职能科室正在办理" in card and "北京街道城市管理办公室" in card
    assert f"{case.due_date.year}年{case.due_date.month}月{case.due_date.day}日" in card
    assert "负责人批示，交职能科室办理" in card  # the route so far
    for private in ("王小明", PHONE, str(p.beijing_lead), "小区门口路灯不亮"):
        assert private not in page.content()
    assert fits_the_phone(page)
    assert "/status/" in page.url and "?" not in page.url  # nothing of it in the address
    assert violations == []
    page.screenshot(path=SHOTS.format("found"), full_page=True)
