"""AliyunSmsBackend: one POST form to the gateway, SendSms with every field the API needs,
a signature the gateway can verify with the shared secret, the text as the template's
`content`; the number and text only in the body, never in the URL."""

import datetime as dt
import json
from urllib.parse import parse_qsl

import pytest

from notices.choices import Channel, DeliveryStatus
from notices.models import SmsOutbox
from notices.sms import rpc_signature

from .conftest import PHONE, TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def aliyun(settings, gateway):
    settings.SMS_BACKEND = "notices.sms.AliyunSmsBackend"
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_ACCESS_KEY_ID = "LTAI-test-id"
    settings.SMS_ACCESS_KEY_SECRET = "test-secret"
    settings.SMS_SIGN_NAME = "广州政协"
    settings.SMS_TEMPLATE_CODE = "SMS_000001"
    return gateway


@pytest.fixture
def send(visitor, notify_and_send):
    def send(key="case:1:answered"):
        return notify_and_send(people=[visitor], key=key, subject="诉求办理", body=TEXT,
                               channels=[Channel.SMS])

    return send


def test_the_gateway_receives_a_signed_sendsms_it_can_verify(aliyun, send):
    [message] = send()

    [seen] = aliyun.requests
    assert seen.method == "POST" and seen.path == "/"
    assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
    params = dict(parse_qsl(seen.body.decode("ascii"), keep_blank_values=True))
    signature = params.pop("Signature")
    assert signature == rpc_signature(params, "test-secret", method="POST")
    assert params["Action"] == "SendSms" and params["Version"] == "2017-05-25"
    assert params["Format"] == "JSON" and params["RegionId"] == "cn-hangzhou"
    assert params["SignatureMethod"] == "HMAC-SHA1" and params["SignatureVersion"] == "1.0"
    assert params["AccessKeyId"] == "LTAI-test-id"
    assert params["PhoneNumbers"] == PHONE
    assert params["SignName"] == "广州政协" and params["TemplateCode"] == "SMS_000001"
    assert json.loads(params["TemplateParam"]) == {"content": f"【诉求办理】{TEXT}"}
    assert params["OutId"] == str(message.pk)
    sent_at = dt.datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert abs(dt.datetime.now(dt.UTC) - sent_at) < dt.timedelta(minutes=1)
    assert PHONE not in seen.path


def test_a_wrong_secret_does_not_verify(aliyun, send):
    send()

    params = dict(parse_qsl(aliyun.requests[0].body.decode("ascii")))
    signature = params.pop("Signature")
    assert signature != rpc_signature(params, "other-secret", method="POST")


def test_each_request_has_its_own_nonce(aliyun, send):
    send(key="a")
    send(key="b")

    nonces = {dict(parse_qsl(r.body.decode("ascii")))["SignatureNonce"] for r in aliyun.requests}
    assert len(nonces) == 2


def test_an_accepted_message_is_sent_and_the_outbox_is_left_alone(aliyun, send):
    [message] = send()

    assert message.status == DeliveryStatus.SENT
    assert not SmsOutbox.objects.exists()


def test_a_repeated_event_is_not_sent_twice(aliyun, send):
    send()
    assert send() == []

    assert len(aliyun.requests) == 1
