"""A message that could not be sent says why in Chinese in its 错误 (what the staff read in
the admin's list of messages), never by the exception's English name, and never quotes the
address or the text."""

import smtplib

import pytest
from django.core.exceptions import ImproperlyConfigured

from notices.services import _error_text
from notices.sms import SmsGatewayError

from ..core.test_every_page_is_in_chinese import ALLOWED, WORD


@pytest.mark.parametrize("exc, said", [
    (smtplib.SMTPRecipientsRefused({"a@example.cn": (550, b"no such user")}), "收件地址"),
    (smtplib.SMTPSenderRefused(553, b"denied", "office@example.cn"), "发件地址"),
    (smtplib.SMTPAuthenticationError(535, b"bad credentials"), "密码"),
    (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), "断开"),
    (smtplib.SMTPDataError(554, b"spam"), "拒收"),
    (TimeoutError("timed out"), "超时"),
    (ConnectionRefusedError(111, "Connection refused"), "无法连接"),
    (ImproperlyConfigured("EMAIL_HOST"), "设置"),
    (ValueError("a@example.cn"), "未知错误"),
    (SmsGatewayError("短信网关答复 HTTP 500"), "HTTP 500"),
])
def test_a_failed_message_says_why_in_chinese(exc, said):
    text = _error_text(exc)
    assert said in text
    assert not set(WORD.findall(text)) - ALLOWED - {"HTTP"}
    assert "example.cn" not in text
