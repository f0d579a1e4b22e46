"""The loop closed on phones (headless Chromium): the resident opens the callback link from
the SMS (no login) and answers 未解决 and 不满意 with a reason; the request is reopened (重办)
to the town/street that handled it; that handler sees the message, follows it to the request,
marked 重办 with the reason and a new due date, and replies again, which closes it and asks
the resident anew."""

import pytest

from cases.choices import CaseState
from cases.models import Case
from notices.models import Message

from ..conftest import browser_login, fits_the_phone
from .closing import callback_sms, closed_by_town_office

SHOTS = "/tmp/reopen_phone_{}.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reopened_request_returns_to_its_handler_on_phones(ledger, live_server, chromium):
    case = closed_by_town_office(ledger)
    link = callback_sms(case).link
    resident = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                    has_touch=True, locale="zh-CN").new_page()
    resident.goto(f"{live_server.url}{link}")
    assert "诉求办理回访" in resident.locator("h1").inner_text()
    assert "已修复路灯。" in resident.inner_text("main")
    resident.check("input[name=solved][value=unsolved]")
    resident.check("input[name=satisfaction][value=dissatisfied]")
    resident.fill("textarea[name=comment]", "晚上路灯还是不亮")
    assert fits_the_phone(resident)
    resident.screenshot(path=SHOTS.format("answer"), full_page=True)
    resident.click("button:text-is('提交答复')")
    assert "将重新办理" in resident.inner_text("main")
    resident.goto(f"{live_server.url}{link}")
    assert "您已答复过本次回访" in resident.inner_text("main")
    resident.context.close()

    handler = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True, locale="zh-CN").new_page()
    browser_login(handler, live_server, "beijing_lead")
    handler.click("header a.inbox")
    handler.wait_for_url("**/inbox/")
    assert "群众诉求重办，请您办理" in handler.inner_text("main")
    handler.click("a.button:text-is('查看')")
    handler.wait_for_url(f"**/cases/{case.pk}/")
    title = handler.locator("h1").inner_text()
    assert "镇（街）职能科室办理中" in title and "重办" in title
    shown = handler.inner_text("main")
    assert "晚上路灯还是不亮" in shown and "本环节期限" in shown
    assert fits_the_phone(handler)
    handler.screenshot(path=SHOTS.format("case"), full_page=True)

    handler.click("a.button:text-is('登记部门答复并办结')")
    handler.fill("textarea[name=reply]", "已更换路灯线路，经夜间复查正常。")
    handler.click("button:text-is('确认')")
    assert "已办结" in handler.locator("h1").inner_text()
    handler.context.close()

    case = Case.objects.get(pk=case.pk)
    assert case.state == CaseState.CLOSED and case.reopen_count == 1
    assert Message.objects.filter(key=f"case:{case.pk}:callback:1", channel="sms").exists()
