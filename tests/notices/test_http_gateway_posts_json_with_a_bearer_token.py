"""HttpGatewayBackend (政务短信平台): POST {"phone", "text"} as JSON with the bearer token;
any 2xx answer is accepted."""

import json

import pytest

from notices.choices import Channel, DeliveryStatus
from notices.models import SmsOutbox

from .conftest import PHONE, TEXT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [200, 201, 202, 204])
def test_the_platform_receives_phone_and_text_with_the_token(platform, visitor, status,
                                                             notify_and_send):
    platform.answer(status=status, body=b"" if status == 204 else b'{"ok":true}')
    [message] = notify_and_send(people=[visitor], key="k", subject="接待公告", body=TEXT,
                                channels=[Channel.SMS])

    [seen] = platform.requests
    assert seen.path == "/api/sms"
    assert seen.headers["Authorization"] == "Bearer t0ken"
    assert seen.headers["Content-Type"].startswith("application/json")
    assert json.loads(seen.body) == {"phone": PHONE, "text": f"【接待公告】{TEXT}"}
    assert message.status == DeliveryStatus.SENT
    assert not SmsOutbox.objects.exists()


@pytest.mark.parametrize("status", [400, 401, 403, 429, 500])
def test_a_non_success_answer_marks_the_message_failed(platform, visitor, status, notify_and_send):
    platform.answer(status=status)
    [message] = notify_and_send(people=[visitor], key="k", subject="s", body=TEXT,
                                channels=[Channel.SMS])

    assert message.status == DeliveryStatus.FAILED
    assert f"HTTP {status}" in message.error
