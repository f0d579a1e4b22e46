"""A message the gateway does not accept (a refusal code, an HTTP error, a redirect, no
answer in time, nobody listening) is marked 发送失败 with the gateway's code, nothing goes to
the outbox, and neither the number nor the text is logged or stored in the error."""

import logging

import pytest

from notices.choices import Channel, DeliveryStatus
from notices.models import Message, SmsOutbox

from .conftest import PHONE, TEXT

pytestmark = pytest.mark.django_db

BACKENDS = {
    "aliyun": {"SMS_BACKEND": "notices.sms.AliyunSmsBackend", "SMS_ACCESS_KEY_ID": "id",
               "SMS_ACCESS_KEY_SECRET": "secret", "SMS_SIGN_NAME": "广州政协",
               "SMS_TEMPLATE_CODE": "SMS_000001"},
    "http": {"SMS_BACKEND": "notices.sms.HttpGatewayBackend", "SMS_GATEWAY_TOKEN": "t0ken"},
}


@pytest.fixture(params=BACKENDS)
def backend(request, settings, gateway):
    for name, value in BACKENDS[request.param].items():
        setattr(settings, name, value)
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_TIMEOUT = 0.5
    return request.param


@pytest.fixture
def send(visitor, notify_and_send):
    def send():
        [message] = notify_and_send(people=[visitor], key="case:9:answered", subject="诉求办理",
                                    body=TEXT, channels=[Channel.SMS])
        return message

    return send


def assert_failed(message, caplog, *, error: str):
    assert message.status == DeliveryStatus.FAILED
    assert error in message.error
    assert PHONE not in message.error and TEXT not in message.error
    assert not SmsOutbox.objects.exists()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "failed" in logged
    assert PHONE not in logged and TEXT not in logged


def test_an_http_error_marks_the_message_failed(backend, gateway, send, caplog):
    gateway.answer(status=500, body=f'{{"echo":"{PHONE}"}}'.encode())
    with caplog.at_level(logging.DEBUG):
        message = send()

    assert_failed(message, caplog, error="HTTP 500")


def test_a_refusal_by_alibaba_cloud_marks_the_message_failed(settings, gateway, send, caplog):
    for name, value in BACKENDS["aliyun"].items():
        setattr(settings, name, value)
    settings.SMS_GATEWAY_URL = gateway.url
    gateway.answer(body=b'{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"13812345678 limited"}')
    with caplog.at_level(logging.DEBUG):
        message = send()

    assert_failed(message, caplog, error="isv.BUSINESS_LIMIT_CONTROL")


def test_an_answer_that_is_not_json_marks_an_aliyun_message_failed(settings, gateway, send,
                                                                  caplog):
    for name, value in BACKENDS["aliyun"].items():
        setattr(settings, name, value)
    settings.SMS_GATEWAY_URL = gateway.url
    gateway.answer(body=b"<html>proxy error</html>")

    assert_failed(send(), caplog, error="阿里云短信未受理")


def test_a_redirect_is_not_followed(backend, gateway, send, caplog):
    gateway.answer(status=302, body=b"", Location=gateway.url + "elsewhere")
    message = send()

    assert_failed(message, caplog, error="HTTP 302")
    assert [r.path for r in gateway.requests] == ["/"]


def test_no_answer_in_time_marks_the_message_failed(backend, gateway, send, caplog):
    gateway.answer(delay=1.5, body=b'{"Code":"OK"}')
    message = send()

    assert_failed(message, caplog, error="短信网关无法连接")


def test_nobody_listening_marks_the_message_failed(backend, settings, send, caplog):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/"  # discard port: connection refused
    message = send()

    assert_failed(message, caplog, error="无法连接")


def test_the_other_channels_still_go(backend, gateway, notify_and_send):
    gateway.answer(status=503)
    from notices.services import Recipient

    person = Recipient(name="委员", phone=PHONE, email="m@example.cn")
    notify_and_send(people=[person], key="k", subject="s", body=TEXT,
                    channels=[Channel.SMS, Channel.EMAIL])

    statuses = dict(Message.objects.values_list("channel", "status"))
    assert statuses == {Channel.SMS: DeliveryStatus.FAILED, Channel.EMAIL: DeliveryStatus.SENT}
