"""The client of 粤政易's server API: WeChat Work (企业微信), whose shapes it speaks exactly.

- ``GET  {WECOM_API_BASE}/cgi-bin/gettoken?corpid=…&corpsecret=…``
  → ``{errcode, errmsg, access_token, expires_in}``; the token is kept in the cache until a
  few minutes before it expires, and fetched again when the server says it is invalid
  (40014) or expired (42001).
- ``GET  /cgi-bin/auth/getuserinfo?access_token=…&code=…`` → ``{errcode, errmsg, userid}``
  for a member of the corporation, ``{…, openid}`` for anyone else; 40029: a code that is
  invalid, used or expired (codes live five minutes, once).
- ``POST /cgi-bin/message/send?access_token=…`` with a ``textcard``
  → ``{errcode, errmsg, invaliduser, msgid}``.
- The sign-in pages: ``https://open.weixin.qq.com/connect/oauth2/authorize`` inside the
  粤政易 app, ``https://login.work.weixin.qq.com/wwlogin/sso/login`` (a QR code) elsewhere.

Every address and secret is a setting (WECOM_*, .env.example): the tests and the demo point
them at the local stand-in (wecom.mock). Nothing here logs the token, the secret, a code or a
user id, and no error text carries them.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

ANSWER_MAX_BYTES = 64 * 1024
# The token is used until this many seconds before the server's expiry.
TOKEN_MARGIN_SECONDS = 300
# The server answers these when the token we sent is invalid or has expired.
TOKEN_ERRORS = {40014, 42001, 40082}
# Frequency limits: 45009 接口调用超过限制, 45033 接口并发调用超过限制, 45047 累积消息超过限制.
RATE_ERRORS = {45009, 45033, 45047}
INVALID_CODE = 40029

# WeChat Work's own limits on a text card (bytes of UTF-8).
TITLE_MAX_BYTES = 128
DESCRIPTION_MAX_BYTES = 512
URL_MAX_BYTES = 2048
BUTTON_TEXT = "详情"

# What staff read for an error code (the code itself is kept beside it).
ERROR_TEXTS = {
    -1: "粤政易系统繁忙",
    40001: "应用密钥（WECOM_SECRET）不正确",
    40013: "企业ID（WECOM_CORP_ID）不正确",
    40014: "访问令牌无效",
    40029: "授权码无效或已过期",
    40056: "应用ID（WECOM_AGENT_ID）不正确",
    42001: "访问令牌已过期",
    45009: "调用次数超过粤政易的限制",
    45033: "并发调用超过粤政易的限制",
    45047: "消息数超过粤政易的限制",
    60020: "本服务器的IP地址不在粤政易应用的可信IP中",
    81013: "接收人不是粤政易应用可见范围内的成员",
}


class WeComError(Exception):
    """粤政易 refused a call or could not be reached. `code` is its errcode (None when it was
    not reached); the text is for staff, in Chinese, and never carries a secret or an id."""

    def __init__(self, text: str, code: int | None = None):
        super().__init__(text)
        self.code = code

    @property
    def rate_limited(self) -> bool:
        return self.code in RATE_ERRORS

    @property
    def invalid_code(self) -> bool:
        return self.code == INVALID_CODE


def error_for(answer: dict) -> WeComError:
    code = answer.get("errcode")
    code = code if isinstance(code, int) else None
    text = ERROR_TEXTS.get(code, "粤政易拒绝了请求")
    return WeComError(f"{text}（错误码 {code}）" if code is not None else text, code)


@dataclass(frozen=True)
class UserInfo:
    """Who signed in: `userid` for a member of our corporation; else only `openid`."""

    userid: str = ""
    openid: str = ""


def configured() -> bool:
    return bool(_value("WECOM_CORP_ID"))


class WeComClient:
    def __init__(self):
        self.base = api_base()
        self.corp_id = _required("WECOM_CORP_ID")
        self.secret = _required("WECOM_SECRET")
        self.agent_id = _required("WECOM_AGENT_ID")
        if not self.agent_id.isdigit():
            raise ImproperlyConfigured("WECOM_AGENT_ID 必须是数字（粤政易应用的 AgentId）。")

    # ------------------------------------------------------------------------- the token

    @property
    def _token_key(self) -> str:
        digest = hashlib.sha256(f"{self.base}|{self.corp_id}|{self.secret}".encode()).hexdigest()
        return f"wecom:token:{digest[:32]}"

    def access_token(self, *, fresh: bool = False) -> str:
        if not fresh:
            token = cache.get(self._token_key)
            if token:
                return token
        answer = _get(f"{self.base}/cgi-bin/gettoken",
                      {"corpid": self.corp_id, "corpsecret": self.secret})
        token = answer.get("access_token")
        if answer.get("errcode", 0) != 0 or not isinstance(token, str) or not token:
            raise error_for(answer)
        expires_in = answer.get("expires_in")
        seconds = expires_in if isinstance(expires_in, int) else 7200
        if seconds > TOKEN_MARGIN_SECONDS:
            cache.set(self._token_key, token, seconds - TOKEN_MARGIN_SECONDS)
        return token

    def _call(self, method: str, path: str, params: dict, body: dict | None = None) -> dict:
        """One call with the token; once more with a new token if the server says it is
        invalid or expired (another process may have fetched a new one meanwhile)."""
        for fresh in (False, True):
            query = {"access_token": self.access_token(fresh=fresh), **params}
            url = f"{self.base}{path}"
            answer = _get(url, query) if method == "GET" else _post_json(url, query, body)
            if answer.get("errcode") in TOKEN_ERRORS and not fresh:
                cache.delete(self._token_key)
                continue
            if answer.get("errcode", 0) != 0:
                raise error_for(answer)
            return answer
        raise AssertionError("unreachable")

    # ------------------------------------------------------------------------- sign-in

    def user_info(self, code: str) -> UserInfo:
        answer = self._call("GET", "/cgi-bin/auth/getuserinfo", {"code": code})
        userid = answer.get("userid") or answer.get("UserId") or ""
        openid = answer.get("openid") or answer.get("OpenId") or ""
        return UserInfo(userid=str(userid)[:64], openid=str(openid)[:128])

    def authorize_url(self, *, redirect_uri: str, state: str, in_app: bool) -> str:
        """Inside the 粤政易 app, the silent OAuth2 page (scope snsapi_base); in any other
        browser, the web login that shows a QR code to scan with the app."""
        if in_app:
            query = urlencode({"appid": self.corp_id, "redirect_uri": redirect_uri,
                               "response_type": "code", "scope": "snsapi_base",
                               "state": state, "agentid": self.agent_id})
            return f"{setting_url('WECOM_AUTHORIZE_URL')}?{query}#wechat_redirect"
        query = urlencode({"login_type": "CorpApp", "appid": self.corp_id,
                           "agentid": self.agent_id, "redirect_uri": redirect_uri,
                           "state": state})
        return f"{setting_url('WECOM_WEB_LOGIN_URL')}?{query}"

    # ------------------------------------------------------------------------- messages

    def send_text_card(self, *, touser: str, title: str, description: str, url: str) -> str:
        """Send one text card; returns the server's msgid. The server keeps the same card to
        the same person within half an hour once only (enable_duplicate_check): a send
        repeated after a lost answer is not shown twice."""
        body = {
            "touser": touser, "msgtype": "textcard", "agentid": int(self.agent_id),
            "textcard": {
                "title": clip(title, TITLE_MAX_BYTES),
                "description": clip(description, DESCRIPTION_MAX_BYTES),
                "url": url if len(url.encode()) <= URL_MAX_BYTES else url.split("?")[0],
                "btntxt": BUTTON_TEXT,
            },
            "enable_duplicate_check": 1, "duplicate_check_interval": 1800,
        }
        answer = self._call("POST", "/cgi-bin/message/send", {}, body)
        if answer.get("invaliduser"):
            raise WeComError(ERROR_TEXTS[81013] + "（invaliduser）", 81013)
        return str(answer.get("msgid", ""))[:128]


def clip(text: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, cut at a character and marked with an ellipsis."""
    if len(text.encode()) <= limit:
        return text
    kept = text.encode()[: limit - len("…".encode())].decode(errors="ignore")
    return kept + "…"


def api_base() -> str:
    return setting_url("WECOM_API_BASE").rstrip("/")


# --- HTTP -------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """The API never redirects; an answer that does is refused (the token stays here)."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _get(url: str, query: dict) -> dict:
    return _open(urllib.request.Request(f"{url}?{urlencode(query)}", method="GET"))


def _post_json(url: str, query: dict, body: dict | None) -> dict:
    data = json.dumps(body or {}, ensure_ascii=False).encode()
    return _open(urllib.request.Request(
        f"{url}?{urlencode(query)}", data=data, method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    ))


def _open(request) -> dict:
    timeout = float(getattr(settings, "WECOM_TIMEOUT", 10))
    try:
        with _opener.open(request, timeout=timeout) as response:
            raw = response.read(ANSWER_MAX_BYTES)
    except urllib.error.HTTPError as exc:
        raise WeComError(f"粤政易答复 HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:  # refused, unreachable, timed out
        what = "超时" if isinstance(getattr(exc, "reason", exc), TimeoutError) else "连接失败"
        raise WeComError(f"无法连接粤政易（{what}）") from None
    try:
        answer = json.loads(raw)
    except ValueError:
        raise WeComError("粤政易的答复无法识别") from None
    if not isinstance(answer, dict):
        raise WeComError("粤政易的答复无法识别")
    return answer


def _value(name: str) -> str:
    return str(getattr(settings, name, "") or "").strip()


def _required(name: str) -> str:
    value = _value(name)
    if not value:
        raise ImproperlyConfigured(f"粤政易设置 {name} 未填写（见 .env.example）。")
    return value


def setting_url(name: str) -> str:
    url = _required(name)
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ImproperlyConfigured(f"{name} 必须是 http(s):// 地址。")
    return url
