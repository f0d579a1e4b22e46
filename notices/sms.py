"""Pluggable SMS backends. Set SMS_BACKEND to a dotted path of a class with `send`.

- `OutboxBackend` (default) keeps each message in a table that staff read in the admin.
- `AliyunSmsBackend` sends through Alibaba Cloud SMS (dysmsapi `SendSms`).
- `HttpGatewayBackend` POSTs JSON to a government SMS platform (政务短信平台) on the intranet.

A gateway that does not confirm a message raises `SmsGatewayError`; `notices.services`
then marks the message failed and retries it with backoff. Each send carries the Message id
where the gateway takes a caller's id (OutId, X-Request-ID). Nothing here logs the phone
number or the text, and no error message carries them.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import urllib.error
import urllib.request
import uuid
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

ANSWER_MAX_BYTES = 64 * 1024


class SmsGatewayError(Exception):
    """The gateway did not accept the message. The text is the gateway's code or the HTTP
    status, never the number or the message."""


class OutboxBackend:
    """Writes to the outbox table that staff read in the admin (the default)."""

    def send(self, *, phone: str, body: str, message) -> None:
        from .models import SmsOutbox

        # One outbox row per message, however often it is sent (a staff resend).
        SmsOutbox.objects.get_or_create(message=message, defaults={"phone": phone, "body": body})


class AliyunSmsBackend:
    """Alibaba Cloud SMS, `SendSms` of the dysmsapi RPC API (version 2017-05-25), signed with
    signature version 1.0 (HMAC-SHA1 over the canonicalised query; `rpc_signature`).

    The whole text goes in one template variable, `content`: the template registered under
    SMS_TEMPLATE_CODE must be `${content}` (Alibaba Cloud prefixes the 【SMS_SIGN_NAME】).
    Sent as a POST form, so the number never appears in a URL or an access log.
    """

    endpoint = "https://dysmsapi.aliyuncs.com/"
    version = "2017-05-25"

    def __init__(self):
        self.url = _gateway_url(settings.SMS_GATEWAY_URL or self.endpoint)
        self.key_id = _setting("SMS_ACCESS_KEY_ID")
        self.secret = _setting("SMS_ACCESS_KEY_SECRET")
        self.sign_name = _setting("SMS_SIGN_NAME")
        self.template_code = _setting("SMS_TEMPLATE_CODE")

    def send(self, *, phone: str, body: str, message) -> None:
        params = self.params(phone=phone, body=body, out_id=str(getattr(message, "pk", "")))
        params["Signature"] = rpc_signature(params, self.secret, method="POST")
        answer = _post(self.url, urlencode(params, quote_via=quote).encode("ascii"),
                       {"Content-Type": "application/x-www-form-urlencoded"})
        try:
            code = json.loads(answer).get("Code")
        except (ValueError, AttributeError):
            code = None
        if code != "OK":  # e.g. isv.BUSINESS_LIMIT_CONTROL; kept to its code's characters
            code = re.sub(r"[^A-Za-z0-9._]", "", str(code))[:60]
            raise SmsGatewayError(f"阿里云短信未受理：{code}")

    def params(self, *, phone: str, body: str, out_id: str = "") -> dict[str, str]:
        params = {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": self.template_code,
            "TemplateParam": json.dumps({"content": body}, ensure_ascii=False,
                                        separators=(",", ":")),
            "Timestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": self.version,
        }
        if out_id:
            params["OutId"] = out_id  # the Message id, to match Alibaba Cloud's receipts
        return params


class HttpGatewayBackend:
    """A government SMS platform reached over HTTP: POST `{"phone", "text"}` as JSON with
    `Authorization: Bearer SMS_GATEWAY_TOKEN` to SMS_GATEWAY_URL, and the Message id in
    `X-Request-ID` (the same on every attempt, so the platform can tell a repeat). Any 2xx
    answer means accepted; anything else (including a redirect) raises."""

    def __init__(self):
        self.url = _gateway_url(_setting("SMS_GATEWAY_URL"))
        self.token = _setting("SMS_GATEWAY_TOKEN")

    def send(self, *, phone: str, body: str, message) -> None:
        data = json.dumps({"phone": phone, "text": body}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "Authorization": f"Bearer {self.token}"}
        if getattr(message, "pk", None):
            headers["X-Request-ID"] = str(message.pk)
        _post(self.url, data, headers)


def get_backend():
    return import_string(getattr(settings, "SMS_BACKEND", "notices.sms.OutboxBackend"))()


# --- Alibaba Cloud RPC signature (signature version 1.0) ---------------------------------


def percent_encode(value: str) -> str:
    """RFC 3986 over UTF-8: only A-Z a-z 0-9 - _ . ~ stay; a space is %20, never +."""
    return quote(value, safe="-_.~")


def string_to_sign(params: dict[str, str], method: str) -> str:
    canonical = "&".join(
        f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items())
    )
    return f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"


def rpc_signature(params: dict[str, str], secret: str, *, method: str) -> str:
    """Base64(HMAC-SHA1(secret + "&", StringToSign)); `params` without Signature."""
    digest = hmac.new(f"{secret}&".encode(), string_to_sign(params, method).encode(),
                      hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


# --- HTTP -------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A gateway that redirects has not accepted the message (and the token stays here)."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _post(url: str, data: bytes, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    timeout = getattr(settings, "SMS_GATEWAY_TIMEOUT", 10)
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.read(ANSWER_MAX_BYTES)
    except urllib.error.HTTPError as exc:
        raise SmsGatewayError(f"短信网关答复 HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:  # refused, unreachable, timed out
        what = "超时" if isinstance(getattr(exc, "reason", exc), TimeoutError) else "连接失败"
        raise SmsGatewayError(f"短信网关无法连接（{what}）") from None


def _setting(name: str) -> str:
    value = str(getattr(settings, name, "") or "").strip()
    if not value:
        raise ImproperlyConfigured(f"短信网关设置 {name} 未填写（见 .env.example）。")
    return value


def _gateway_url(url: str) -> str:
    if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc:
        raise ImproperlyConfigured("SMS_GATEWAY_URL 必须是 http(s):// 地址。")
    return url
