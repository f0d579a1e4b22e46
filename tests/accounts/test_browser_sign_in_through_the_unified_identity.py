"""A member signs in through the unified identity in headless Chromium: the platform's login
page, the stand-in provider's page, and back, signed in (accounts.mock_oidc)."""

import pytest

from accounts.models import IdentityLink

SCREENSHOT = "/tmp/identity_sign_in.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_member_signs_in_through_the_unified_identity(
    personas, live_server, identity_provider, settings, desktop_page
):
    IdentityLink.objects.create(
        user=personas.member_user, issuer=settings.OIDC_ISSUER, subject="gd-4401-0001"
    )
    page = desktop_page
    page.goto(f"{live_server.url}/login/")
    page.click("text=使用统一身份认证登录")
    page.wait_for_url(f"{identity_provider.issuer}/authorize*")
    assert "请选择一个测试身份登录" in page.content()
    page.click("button:has-text('陈明远')")
    page.wait_for_url(f"{live_server.url}/**")
    page.goto(f"{live_server.url}/duty/me/")
    assert "/login/" not in page.url
    assert "陈明" in page.content()
    page.screenshot(path=SCREENSHOT, full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unlinked_identity_sees_why_in_chinese(
    personas, live_server, identity_provider, desktop_page
):
    page = desktop_page
    page.goto(f"{live_server.url}/login/")
    page.click("text=使用统一身份认证登录")
    page.click("button:has-text('未绑定的群众')")
    page.wait_for_url(f"{live_server.url}/**")
    assert "尚未绑定本平台的账号" in page.content()
    assert page.locator("code.identity-subject").inner_text() == "gd-4401-9999"
