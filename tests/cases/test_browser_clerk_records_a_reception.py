"""On a phone (headless Chromium), a clerk records a reception with two members present,
a visitor and two cases (the second row added by htmx), and routes one of them."""

import pytest

from cases.choices import ActivityStatus, CaseState
from cases.models import Activity, Case, Visitor
from scoring.models import DutyRecord

from ..conftest import browser_login, fits_the_phone
from ..factories import MemberFactory

SHOTS = "/tmp/cases_phone_{}.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_clerk_records_a_reception_and_routes_a_case_on_a_phone(
    personas, live_server, phone_page
):
    personas.beijing_room.members.add(MemberFactory(name="张红"))
    page = phone_page
    browser_login(page, live_server, "beijing_clerk")
    page.click("text=工作室台账与群众诉求")
    page.click("text=记录接待或活动")

    page.select_option("select[name=form]", label="委员接待日")
    page.fill("input[name=date]", "2026-11-16")
    page.check("label:has-text('陈明') input")
    page.check("label:has-text('张红') input")
    page.fill("input[name=attendance]", "18")
    page.fill("textarea[name=summary]", "接待群众18人次，收集意见5条。")
    assert fits_the_phone(page)
    page.screenshot(path=SHOTS.format("activity_form"), full_page=True)
    page.click("text=保存并标记为已举行")
    assert "履职记录已生成" in page.locator(".messages").inner_text()

    page.click("text=登记来访群众和诉求")
    page.fill("input[name=visitor-name]", "王小明")
    page.fill("input[name=visitor-phone]", "13812345678")
    page.fill("input[name=visitor-address]", "越秀区北京路123号")
    page.check("input[name=visitor-consent_to_contact]")
    page.select_option("select[name=cases-0-topic]", label="城市建设与管理")
    page.fill("textarea[name=cases-0-content]", "小区门口路灯不亮")
    page.click("text=再添加一项诉求")
    page.wait_for_selector("textarea[name=cases-1-content]")
    page.select_option("select[name=cases-1-topic]", label="养老服务")
    page.fill("textarea[name=cases-1-content]", "希望增设长者饭堂")
    assert fits_the_phone(page)
    page.screenshot(path=SHOTS.format("visitor_form"), full_page=True)
    page.click("button:has-text('保存'):not(:has-text('下一位'))")
    assert "已登记2项诉求" in page.locator(".messages").inner_text()

    page.click("text=城市建设与管理")
    page.click("text=当场答复并办结")
    page.fill("textarea[name=answer]", "已联系物业，三日内修复。")
    page.click("text=确认")
    assert "已办理" in page.locator(".messages").inner_text()
    assert "已办结" in page.locator("h1").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=SHOTS.format("case_detail"), full_page=True)

    page.goto(f"{live_server.url}/cases/")
    assert "待分办 1" in page.locator(".tiles").inner_text().replace("\n", " ")
    page.click("a.button:text-is('台账')")
    page.wait_for_url("**/ledger/")
    assert "委员到场（人次）" in page.inner_text("main")
    assert fits_the_phone(page)
    page.screenshot(path=SHOTS.format("ledger"), full_page=True)

    activity = Activity.objects.get()
    assert activity.status == ActivityStatus.HELD
    assert set(activity.members_present.values_list("name", flat=True)) == {"陈明", "张红"}
    assert DutyRecord.objects.get(source_ref=f"activity:{activity.pk}").members.count() == 2
    assert Visitor.objects.get().phone == "13812345678"
    assert sorted(Case.objects.values_list("state", flat=True)) == sorted(
        [CaseState.CLOSED, CaseState.REGISTERED]
    )
