"""In 粤政易 on a phone (headless Chromium with 粤政易's user agent): a member to whom a case
was passed receives a text card at the stand-in of 粤政易; its button signs them in through
粤政易 (no password) and opens the case, where they take their next step."""

import pytest

from cases.choices import Action
from cases.services import case_route
from notices.choices import Channel, DeliveryStatus
from notices.models import Message

from ..conftest import PHONE_WIDTH, fits_the_phone

SHOTS = "/tmp/wecom_card_{}.png"
IN_WECOM = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Mobile/15E148 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_handler_follows_the_text_card_into_the_case(
    ledger, live_server, chromium, mock_wecom, settings
):
    settings.WECOM_SIGN_IN = True
    settings.WECOM_MESSAGES = True
    settings.PUBLIC_BASE_URL = ""
    settings.SERVED_BASE_URL = live_server.url
    p = ledger.p
    p.member_user.wecom_userid = "member"  # linked (the member's own login)
    p.member_user.save()

    case_route(case=ledger.case, action=Action.TO_MEMBER, by=p.beijing_clerk,
               members=[p.member], note="多名居民反映，建议调研。")

    sent = Message.objects.filter(channel=Channel.WECOM).values_list("status", "error")
    assert list(sent) == [(DeliveryStatus.SENT, "")]  # what went wrong, if it did
    [card] = mock_wecom.messages_to("member")
    assert card["title"] == "有一件群众诉求请您办理"
    assert f"（#{ledger.case.pk}）" in card["description"]
    assert card["url"].startswith(live_server.url)

    context = chromium.new_context(
        viewport={"width": PHONE_WIDTH, "height": 844}, is_mobile=True, has_touch=True,
        locale="zh-CN", user_agent=IN_WECOM,
    )
    page = context.new_page()
    try:
        page.goto(card["url"])  # the card's 详情 button
        page.wait_for_url(f"{mock_wecom.url}/connect/oauth2/authorize**")
        page.screenshot(path=SHOTS.format("wecom"), full_page=True)
        page.click("a.as[data-userid=member]")  # in the real app this step is silent
        page.wait_for_url(f"**/cases/{ledger.case.pk}/")
        assert "委员调研中" in page.locator("h1").inner_text()
        assert page.locator(".actions a.button").count() == 1  # their next step is there
        assert fits_the_phone(page)
        page.screenshot(path=SHOTS.format("case"), full_page=True)
    finally:
        context.close()
