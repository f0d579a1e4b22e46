"""The 粤政易 client against the local stand-in, which answers exactly as WeChat Work does:
the token is fetched once and kept, fetched again when the server says it expired; refusals
and an unreachable server are errors in Chinese with their code, never a secret; a text card
keeps to the platform's limits. The stand-in itself drops what goes over 30 a minute to one
person, as the real platform does, and runs as `python -m wecom.mock`."""

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from wecom.client import WeComClient, WeComError, clip

BASE_DIR = Path(__file__).resolve().parents[2]


def test_the_token_is_fetched_once_and_kept(mock_wecom):
    client = WeComClient()
    first = client.access_token()
    assert WeComClient().access_token() == first
    assert mock_wecom.calls.count("/cgi-bin/gettoken") == 1


def test_a_token_the_server_calls_expired_is_fetched_again_and_the_call_repeated(mock_wecom):
    client = WeComClient()
    client.access_token()
    mock_wecom.expire_tokens()  # the server forgot it (expired, or fetched elsewhere)
    code = mock_wecom.code_for("member")
    assert client.user_info(code).userid == "member"
    assert mock_wecom.calls.count("/cgi-bin/gettoken") == 2


def test_a_token_past_its_time_is_refused_by_the_server_and_replaced(mock_wecom):
    client = WeComClient()
    client.access_token()
    mock_wecom.clock = lambda: time.time() + 7201  # the server's clock: its token expired
    assert client.user_info(mock_wecom.code_for("city")).userid == "city"


def test_a_wrong_secret_or_corporation_is_an_error_in_chinese_with_its_code(
    mock_wecom, settings
):
    settings.WECOM_SECRET = "not-the-secret"
    with pytest.raises(WeComError) as wrong_secret:
        WeComClient().access_token()
    assert wrong_secret.value.code == 40001
    assert "WECOM_SECRET" in str(wrong_secret.value) and "not-the-secret" not in str(
        wrong_secret.value)
    settings.WECOM_CORP_ID = "wwsomeoneelse"
    with pytest.raises(WeComError) as wrong_corp:
        WeComClient().access_token()
    assert wrong_corp.value.code == 40013 and "企业ID" in str(wrong_corp.value)


def test_an_unreachable_server_is_an_error_in_chinese(mock_wecom, settings):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    settings.WECOM_API_BASE = f"http://127.0.0.1:{port}"
    with pytest.raises(WeComError) as error:
        WeComClient().access_token()
    assert "无法连接粤政易" in str(error.value) and error.value.code is None


def test_a_used_or_expired_code_is_the_invalid_code_error(mock_wecom):
    client = WeComClient()
    code = mock_wecom.code_for("member")
    client.user_info(code)
    with pytest.raises(WeComError) as used:
        client.user_info(code)  # a code is good once
    assert used.value.invalid_code and used.value.code == 40029
    late = mock_wecom.code_for("member")
    mock_wecom.clock = lambda: time.time() + 301  # codes live five minutes
    with pytest.raises(WeComError) as expired:
        client.user_info(late)
    assert expired.value.invalid_code


def test_someone_outside_the_corporation_has_no_user_id(mock_wecom):
    info = WeComClient().user_info(mock_wecom.code_for(openid="o-outsider"))
    assert info.userid == "" and info.openid == "o-outsider"


def test_a_text_card_reaches_the_person_within_the_platform_limits(mock_wecom):
    WeComClient().send_text_card(touser="member", title="标" * 100, description="内" * 400,
                                 url="http://127.0.0.1:8000/cases/1/")
    [card] = mock_wecom.messages_to("member")
    assert len(card["title"].encode()) <= 128 and card["title"].endswith("…")
    assert len(card["description"].encode()) <= 512
    assert card["btntxt"] == "详情" and card["url"] == "http://127.0.0.1:8000/cases/1/"


def test_clipping_never_cuts_a_character_in_half():
    assert clip("粤政易" * 50, 20).encode().decode() == clip("粤政易" * 50, 20)
    assert len(clip("粤政易" * 50, 20).encode()) <= 20
    assert clip("短", 20) == "短"


def test_a_card_to_someone_outside_the_app_is_an_error_in_chinese(mock_wecom):
    with pytest.raises(WeComError) as error:
        WeComClient().send_text_card(touser="nobody-here", title="t", description="d",
                                     url="http://x/")
    assert error.value.code == 81013 and "可见范围" in str(error.value)


def test_the_platform_limits_are_errors_it_may_retry(mock_wecom):
    mock_wecom.send_errors.append(45033)
    with pytest.raises(WeComError) as error:
        WeComClient().send_text_card(touser="member", title="t", description="d", url="http://x/")
    assert error.value.rate_limited and "并发" in str(error.value)


def test_the_stand_in_drops_what_goes_over_30_a_minute_to_one_person(mock_wecom):
    client = WeComClient()
    for n in range(32):
        client.send_text_card(touser="member", title=f"第{n}条", description="d",
                              url="http://x/")
    assert len(mock_wecom.messages_to("member")) == 30
    assert len(mock_wecom.dropped) == 2


def test_a_missing_setting_is_named_in_chinese(settings):
    settings.WECOM_CORP_ID = ""
    with pytest.raises(ImproperlyConfigured) as error:
        WeComClient()
    assert "WECOM_CORP_ID" in str(error.value) and ".env.example" in str(error.value)


def test_switching_it_on_without_its_settings_fails_the_check(settings):
    settings.WECOM_SIGN_IN = True
    settings.WECOM_CORP_ID = ""
    with pytest.raises(SystemCheckError, match="wecom.E001"):
        call_command("check")


def test_the_stand_in_runs_as_a_module_on_the_port_asked():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "wecom.mock", "--port", str(port)], cwd=BASE_DIR,
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert "粤政易模拟服务" in process.stdout.readline()
        url = (f"http://127.0.0.1:{port}/cgi-bin/gettoken?corpid=wwmockcorp0000000001"
               "&corpsecret=mock-secret-not-real")
        with urllib.request.urlopen(url, timeout=5) as response:
            answer = json.loads(response.read())
        assert answer["errcode"] == 0 and answer["expires_in"] == 7200
    finally:
        process.terminate()
        process.wait(timeout=10)
