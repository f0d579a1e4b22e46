"""Each sign-in method is a setting: PASSWORD_SIGN_IN (on by default), OIDC_SIGN_IN (off);
the login page offers those that are on, and `manage.py check` warns when none is."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

GOOD = "Test-Passw0rd!"


def test_by_default_the_login_page_has_the_password_form_and_no_identity_button(client, db):
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' in page and "统一身份认证登录" not in page


def test_with_the_identity_on_the_login_page_offers_it(client, db, settings):
    settings.OIDC_SIGN_IN = True
    page = client.get(reverse("login")).content.decode()
    assert "使用统一身份认证登录" in page and reverse("oidc_start") in page


def test_with_passwords_off_the_page_says_so_and_a_password_signs_nobody_in(
    client, personas, settings
):
    settings.PASSWORD_SIGN_IN = False
    settings.OIDC_SIGN_IN = True
    page = client.get(reverse("login")).content.decode()
    assert "已关闭用户名和密码登录" in page and 'name="password"' not in page
    client.post(reverse("login"), {"username": "member", "password": GOOD})
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    client.post("/admin/login/", {"username": "city", "password": GOOD})
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_with_the_identity_off_its_pages_answer_404_in_chinese(client, db):
    for name in ("oidc_start", "oidc_callback"):
        response = client.get(reverse(name))
        assert response.status_code == 404 and "未开启统一身份认证" in response.content.decode()


def test_with_every_method_off_the_page_says_to_call_the_administrator(client, db, settings):
    settings.PASSWORD_SIGN_IN = False
    page = client.get(reverse("login")).content.decode()
    assert "所有登录方式均已关闭" in page


def test_with_every_method_off_the_system_check_warns(settings):
    settings.PASSWORD_SIGN_IN = False
    with pytest.raises(SystemCheckError, match="accounts.W002"):
        call_command("check", fail_level="WARNING")
