"""On a phone (headless Chromium): a clerk registers a request already raised at an earlier
reception; it is offered as the same (可能与以下诉求相同) and merged in one tap; the master
is answered with a 常用答复, edited; both residents who agreed are told the outcome by SMS,
each once."""

import datetime as dt

import pytest

from cases.choices import CaseState
from cases.models import Case, ReplyTemplate
from notices.models import Message
from notices.services import address_digest

from ..conftest import browser_login, fits_the_phone
from .conftest import DAY, PHONE, held_activity

SHOTS = "/tmp/cases_duplicate_{}.png"
HER_PHONE = "13900002222"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_duplicate_is_offered_merged_and_both_residents_are_told_the_outcome(
    ledger, live_server, phone_page
):
    p, master = ledger.p, ledger.case
    ReplyTemplate.objects.create(topic=master.topic, title="路灯维修",
                                 text="已联系物业，三个工作日内修复路灯。")
    later = held_activity(p.beijing_room, p.beijing_clerk, [p.member],
                          date=DAY + dt.timedelta(days=14))
    page = phone_page
    browser_login(page, live_server, "beijing_clerk")
    page.goto(f"{live_server.url}/cases/activities/{later.pk}/visitors/new/")
    page.fill("input[name=visitor-name]", "李阿姨")
    page.fill("input[name=visitor-phone]", HER_PHONE)
    page.check("input[name=visitor-consent_to_contact]")
    page.select_option("select[name=cases-0-topic]", label="城市建设与管理")
    page.fill("textarea[name=cases-0-content]", "小区门口的路灯坏了，晚上不亮")
    page.click("button:has-text('保存'):not(:has-text('下一位'))")

    page.wait_for_selector("#duplicates")
    assert "可能与以下诉求相同" in page.inner_text("#duplicates")
    assert fits_the_phone(page)
    page.screenshot(path=SHOTS.format("offered"), full_page=True)
    page.click(f"button:has-text('并入 #{master.pk} 合并办理')")
    assert "已办理：并入相同诉求" in page.locator(".messages").inner_text()
    assert "已并入相同诉求合并办理" in page.locator("h1").inner_text()

    page.click("text=查看主诉求")
    assert "已并入本件合并办理的相同诉求" in page.inner_text("main")
    page.click("text=当场答复并办结")
    page.click("a.chip:has-text('路灯维修')")
    page.wait_for_function(
        "() => document.querySelector('textarea[name=answer]').value.includes('三个工作日')"
    )
    page.fill("textarea[name=answer]", "已联系物业，明天上午修复路灯。")
    assert fits_the_phone(page)
    page.screenshot(path=SHOTS.format("answer"), full_page=True)
    page.click("text=确认")
    assert "已办结" in page.locator("h1").inner_text()

    duplicate = Case.objects.get(merged_into=master)
    assert duplicate.state == CaseState.MERGED
    sms = Message.objects.filter(channel="sms", recipient=None, key__endswith=":outcome")
    for phone in (PHONE, HER_PHONE):
        told = sms.filter(address_digest=address_digest(phone))
        assert told.count() == 1 and "已联系物业，明天上午修复路灯。" in told.get().body
