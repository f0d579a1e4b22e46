"""Signing in through 粤政易 (WeChat Work's OAuth2 code flow) against its local stand-in.

A linked account signs in without its password; the second factor is still asked of the
accounts that need it unless 粤政易's sign-in is configured as sufficient (WECOM_ASSURANCE_
SUFFICIENT); every refusal (an unlinked id, an invalid or expired code, another corporation,
a state this browser did not start) is a page in Chinese and an audit event; bad input is
never a 500. The switch WECOM_SIGN_IN turns the method and the login page's button on."""

import time
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit.choices import EventKind
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def wecom_on(mock_wecom, settings, personas):
    settings.WECOM_SIGN_IN = True
    User.objects.filter(pk=personas.member_user.pk).update(wecom_userid="member")
    User.objects.filter(pk=personas.yuexiu_staff.pk).update(wecom_userid="yuexiu")
    return mock_wecom


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start(client, next_url="/inbox/", agent="Mozilla/5.0"):
    """The button: our redirect to 粤政易's page. Returns that address and its query."""
    response = client.get(reverse("wecom_login"), {"next": next_url}, HTTP_USER_AGENT=agent)
    assert response.status_code == 302
    return response.url, {k: v[0] for k, v in parse_qs(urlsplit(response.url).query).items()}


def choose_at_the_stand_in(page_url: str, userid: str = "", outsider: bool = False) -> str:
    """The person signs in at 粤政易 (the stand-in's page): it sends them back with a code.
    Returns the path and query the browser is sent back to."""
    parts = urlsplit(page_url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    extra = "&outsider=1" if outsider else f"&userid={userid}"
    approve = (f"{parts.scheme}://{parts.netloc}{parts.path}/approve?"
               + urllib.parse.urlencode({"redirect_uri": query["redirect_uri"],
                                         "state": query["state"]}) + extra)
    opener = urllib.request.build_opener(_Stay)
    try:
        opener.open(approve, timeout=5)
    except urllib.error.HTTPError as answer:
        assert answer.code == 302
        back = urlsplit(answer.headers["Location"])
        return f"{back.path}?{back.query}"
    raise AssertionError("the stand-in did not send the browser back")


def sign_in(client, userid, next_url="/inbox/"):
    page, _query = start(client, next_url)
    return client.get(choose_at_the_stand_in(page, userid))


def refusals(reason):
    return AuditEvent.objects.filter(kind=EventKind.LOGIN_FAILED, detail__reason=reason)


def test_the_login_page_offers_wecom_only_when_switched_on(client, mock_wecom, settings):
    assert "通过粤政易登录" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("wecom_login")).status_code == 404
    settings.WECOM_SIGN_IN = True
    assert "通过粤政易登录" in client.get(reverse("login")).content.decode()


def test_a_linked_member_signs_in_without_a_password_and_lands_where_they_were_going(
    client, wecom_on, personas
):
    response = sign_in(client, "member", next_url="/inbox/")
    assert response.status_code == 302 and response.url == "/inbox/"
    assert client.get("/inbox/").status_code == 200
    login = AuditEvent.objects.get(kind=EventKind.LOGIN)
    assert login.user == personas.member_user and login.detail == {"via": "wecom"}


def test_inside_the_app_the_silent_oauth2_page_is_used_elsewhere_the_qr_login(
    client, wecom_on, settings
):
    page, query = start(client, agent="Mozilla/5.0 (iPhone) wxwork/4.1.22 MicroMessenger")
    assert page.startswith(settings.WECOM_AUTHORIZE_URL) and page.endswith("#wechat_redirect")
    assert query["appid"] == settings.WECOM_CORP_ID and query["scope"] == "snsapi_base"
    assert query["response_type"] == "code"
    assert query["redirect_uri"].endswith(reverse("wecom_callback"))
    page, query = start(client, agent="Mozilla/5.0 (Windows NT 10.0) Chrome/120")
    assert page.startswith(settings.WECOM_WEB_LOGIN_URL)
    assert query["login_type"] == "CorpApp" and query["agentid"] == settings.WECOM_AGENT_ID


def test_an_unlinked_id_is_refused_in_chinese_and_audited(client, wecom_on, personas):
    response = sign_in(client, "tianhe")  # in 粤政易, but linked to no account here
    assert response.status_code == 403
    page = response.content.decode()
    assert "粤政易账号尚未绑定" in page and "用用户名和密码登录" in page
    assert "_auth_user_id" not in client.session
    [event] = refusals("unlinked")
    assert event.detail["wecom_userid"] == "tianhe" and event.username == "粤政易:tianhe"


def test_an_expired_code_is_refused_in_chinese_and_audited(client, wecom_on):
    page, _query = start(client)
    back = choose_at_the_stand_in(page, "member")
    wecom_on.clock = lambda: time.time() + 301  # the code waited over five minutes
    response = client.get(back)
    assert response.status_code == 400 and "粤政易授权已过期" in response.content.decode()
    assert refusals("invalid_code").count() == 1
    assert "_auth_user_id" not in client.session


def test_a_code_used_twice_is_refused(client, wecom_on):
    page, _query = start(client)
    back = choose_at_the_stand_in(page, "member")
    assert client.get(back).status_code == 302
    client.logout()
    # The same answer again (a reload, a replay): the state was spent with it.
    assert client.get(back).status_code == 400
    assert refusals("bad_state").count() == 1


def test_someone_outside_the_corporation_is_refused_in_chinese_and_audited(client, wecom_on):
    page, _query = start(client)
    response = client.get(choose_at_the_stand_in(page, outsider=True))
    assert response.status_code == 403 and "不是本单位的粤政易账号" in response.content.decode()
    assert refusals("wrong_corp").count() == 1


def test_an_answer_naming_another_corporation_is_refused(client, wecom_on):
    _page, query = start(client)
    response = client.get(reverse("wecom_callback"), {
        "code": wecom_on.code_for("member"), "state": query["state"], "appid": "wwanother"})
    assert response.status_code == 403 and refusals("wrong_corp").count() == 1


@pytest.mark.parametrize("state", [None, "", "forged-state"])
def test_a_callback_this_browser_did_not_start_is_refused(client, wecom_on, state):
    if state is not None:
        start(client)  # a flow of its own, with another state
    params = {"code": wecom_on.code_for("member")}
    if state:
        params["state"] = state
    response = client.get(reverse("wecom_callback"), params)
    assert response.status_code == 400 and "登录请求已失效" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert refusals("bad_state").count() == 1


def test_a_flow_older_than_ten_minutes_is_refused(client, wecom_on, monkeypatch):
    page, _query = start(client)
    back = choose_at_the_stand_in(page, "member")
    later = time.time() + 601
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(back).status_code == 400
    assert refusals("bad_state").count() == 1


def test_a_refused_authorisation_is_a_page_not_an_error(client, wecom_on):
    _page, query = start(client)
    response = client.get(reverse("wecom_callback"), {"state": query["state"]})
    assert response.status_code == 403 and "未获粤政易授权" in response.content.decode()
    assert refusals("denied").count() == 1


@pytest.mark.parametrize("code", ["x" * 5000, "码码码", "a\x7fb"])
def test_a_malformed_code_is_refused_in_chinese_never_a_500(client, wecom_on, code):
    _page, query = start(client)
    response = client.get(reverse("wecom_callback"), {"code": code, "state": query["state"]})
    assert response.status_code == 400 and "粤政易授权已过期" in response.content.decode()


def test_an_unreachable_wecom_is_a_page_in_chinese(client, wecom_on, settings):
    _page, query = start(client)
    settings.WECOM_API_BASE = "http://127.0.0.1:9"  # nothing listens
    response = client.get(reverse("wecom_callback"), {"code": "abc", "state": query["state"]})
    assert response.status_code == 503 and "暂时无法连接粤政易" in response.content.decode()
    assert refusals("unavailable").count() == 1


def test_a_deactivated_account_is_refused(client, wecom_on, personas):
    User.objects.filter(pk=personas.member_user.pk).update(is_active=False)
    response = sign_in(client, "member")
    assert response.status_code == 403 and "账号已停用" in response.content.decode()


def test_a_locked_account_stays_locked(client, wecom_on, personas):
    for _ in range(5):
        client.post(reverse("login"), {"username": "member", "password": "wrong-password"})
    response = sign_in(client, "member")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert refusals("locked").count() == 1


def test_ids_differing_in_case_are_one_id(client, wecom_on, personas):
    wecom_on.users["MEMBER"] = "陈明"
    response = sign_in(client, "MEMBER")
    assert response.status_code == 302 and response.url == "/inbox/"


# --- the second factor ---------------------------------------------------------------------


def test_staff_who_need_a_second_factor_still_enter_their_code(client, wecom_on, settings,
                                                                personas):
    settings.OTP_REQUIRED_ROLES = ("district",)
    TOTPDevice.objects.create(user=personas.yuexiu_staff, name="手机", confirmed=True)
    response = sign_in(client, "yuexiu", next_url="/inbox/")
    assert response.status_code == 302
    response = client.get("/inbox/")
    assert response.status_code == 302 and response.url.startswith(reverse("otp_verify"))


def test_staff_without_a_device_are_sent_to_set_one_up(client, wecom_on, settings):
    settings.OTP_REQUIRED_ROLES = ("district",)
    sign_in(client, "yuexiu")
    response = client.get("/inbox/")
    assert response.status_code == 302 and response.url.startswith(reverse("otp_setup"))


def test_wecom_counts_as_the_second_factor_only_when_configured_so(client, wecom_on, settings,
                                                                   personas):
    settings.OTP_REQUIRED_ROLES = ("district",)
    settings.WECOM_ASSURANCE_SUFFICIENT = True
    TOTPDevice.objects.create(user=personas.yuexiu_staff, name="手机", confirmed=True)
    sign_in(client, "yuexiu")
    assert client.get("/inbox/").status_code == 200
    settings.WECOM_ASSURANCE_SUFFICIENT = False  # turned off: the code is asked again
    response = client.get("/inbox/")
    assert response.status_code == 302 and response.url.startswith(reverse("otp_verify"))


def test_a_password_sign_in_never_counts_as_wecom(client, wecom_on, settings, personas):
    settings.OTP_REQUIRED_ROLES = ("district",)
    settings.WECOM_ASSURANCE_SUFFICIENT = True
    TOTPDevice.objects.create(user=personas.yuexiu_staff, name="手机", confirmed=True)
    client.post(reverse("login"), {"username": "yuexiu", "password": "Test-Passw0rd!"})
    response = client.get("/inbox/")
    assert response.status_code == 302 and response.url.startswith(reverse("otp_verify"))
