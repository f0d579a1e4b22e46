"""On a phone (headless Chromium), a member to whom a case was passed sees the unread count
in the header, opens 我的消息, follows the message to the case and files a proposal with a
co-author (规范 第十三条（四）) — without typing an address."""

import pytest

from cases.choices import Action, CaseState
from cases.models import Case
from cases.services import case_route

from ..conftest import browser_login, fits_the_phone
from ..factories import MemberFactory

SHOTS = "/tmp/member_case_phone_{}.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_member_follows_the_message_to_the_case_and_files_on_a_phone(
    ledger, live_server, phone_page
):
    p, page = ledger.p, phone_page
    ledger.activity.members_present.add(MemberFactory(name="张红"))
    case_route(case=ledger.case, action=Action.TO_MEMBER, by=p.beijing_clerk,
               members=[p.member], note="多名居民反映，建议调研。")

    browser_login(page, live_server, "member")
    assert page.locator("header .inbox .count").inner_text() == "1"
    assert fits_the_phone(page)
    page.click("header a.inbox")
    page.wait_for_url("**/inbox/")
    assert "有一件群众诉求请您办理" in page.inner_text("main")
    page.screenshot(path=SHOTS.format("inbox"), full_page=True)

    page.click("a.button:text-is('查看')")
    page.wait_for_url(f"**/cases/{ledger.case.pk}/")
    assert "委员调研中" in page.locator("h1").inner_text()
    assert page.locator("header .inbox .count").count() == 0  # read by following it
    actions = page.locator(".actions a.button")
    assert actions.count() == 1
    assert fits_the_phone(page)
    page.screenshot(path=SHOTS.format("case"), full_page=True)

    page.click("text=委员已提交提案或社情民意，办结")
    page.select_option("select[name=kind]", label="提案")
    page.fill("input[name=title]", "关于老旧小区照明改造的提案")
    page.check("label:has-text('张红') input")
    assert fits_the_phone(page)
    page.screenshot(path=SHOTS.format("file"), full_page=True)
    page.click("button:text-is('确认')")

    assert "已办理" in page.locator(".messages").inner_text()
    assert "已办结" in page.locator("h1").inner_text()
    assert fits_the_phone(page)
    case = Case.objects.get(pk=ledger.case.pk)
    assert case.state == CaseState.CLOSED
    assert {m.name for m in case.duty_record.members.all()} == {"陈明", "张红"}
