"""In a desktop browser (headless Chromium): the login page's 通过粤政易登录 leads to
粤政易's web login (its local stand-in in place of the QR code), and back signed in without a
password; an unlinked 粤政易 account reads why in Chinese."""

import pytest

from accounts.models import User

SHOTS = "/tmp/wecom_sign_in_{}.png"


@pytest.fixture
def wecom_sign_in(mock_wecom, settings, personas):
    settings.WECOM_SIGN_IN = True
    settings.PUBLIC_BASE_URL = ""
    User.objects.filter(pk=personas.beijing_clerk.pk).update(wecom_userid="beijing_clerk")
    return mock_wecom


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_linked_clerk_signs_in_through_wecom(wecom_sign_in, live_server, desktop_page):
    page = desktop_page
    page.goto(f"{live_server.url}/login/")
    page.screenshot(path=SHOTS.format("login"), full_page=True)
    page.click("text=通过粤政易登录")
    page.wait_for_url(f"{wecom_sign_in.url}/wwlogin/sso/login**")
    page.click("a.as[data-userid=beijing_clerk]")
    page.wait_for_url(f"{live_server.url}/")
    assert "/login/" not in page.url
    assert page.locator("a[href='/logout/'], form[action='/logout/']").count() >= 1
    page.screenshot(path=SHOTS.format("home"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unlinked_account_reads_why_in_chinese(wecom_sign_in, live_server, desktop_page):
    page = desktop_page
    page.goto(f"{live_server.url}/login/")
    page.click("text=通过粤政易登录")
    page.click("a.as[data-userid=tianhe]")
    page.wait_for_url(f"{live_server.url}/wecom/callback/**")
    assert "粤政易账号尚未绑定" in page.locator("h1").inner_text()
    page.screenshot(path=SHOTS.format("refused"), full_page=True)
    page.click("a.button:text-is('用用户名和密码登录')")
    page.wait_for_url(f"{live_server.url}/login/")
