"""`manage.py check` names the missing setting of the configured gateway; the outbox needs
none. A send with a broken configuration marks the message failed like any refusal."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from notices.checks import sms_backend_is_configured
from notices.choices import Channel, DeliveryStatus


def ids(settings):
    return [e.id for e in sms_backend_is_configured(None)]


def test_the_outbox_needs_no_settings(settings):
    settings.SMS_BACKEND = "notices.sms.OutboxBackend"
    assert ids(settings) == []


@pytest.mark.parametrize(("backend", "missing"), [
    ("notices.sms.AliyunSmsBackend", "SMS_ACCESS_KEY_ID"),
    ("notices.sms.HttpGatewayBackend", "SMS_GATEWAY_URL"),
])
def test_a_gateway_without_its_settings_fails_the_check(settings, backend, missing):
    settings.SMS_BACKEND = backend
    [error] = sms_backend_is_configured(None)
    assert error.id == "notices.E001" and missing in error.msg
    with pytest.raises(SystemCheckError):
        call_command("check")


def test_a_gateway_url_must_be_http(settings):
    settings.SMS_BACKEND = "notices.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN = "file:///etc/passwd", "t"
    assert ids(settings) == ["notices.E001"]


@pytest.mark.django_db
def test_a_send_with_a_broken_configuration_is_marked_failed(settings, visitor,
                                                              notify_and_send):
    settings.SMS_BACKEND = "notices.sms.AliyunSmsBackend"
    [message] = notify_and_send(people=[visitor], key="k", subject="s", body="t",
                                channels=[Channel.SMS])

    assert message.status == DeliveryStatus.FAILED
    assert message.error == "发送设置不完整，请联系系统管理员"


@pytest.mark.parametrize("name", ["SMS_GATEWAY_TIMEOUT", "EMAIL_TIMEOUT"])
def test_a_gateway_allowed_longer_than_half_the_send_time_limit_fails_the_check(settings, name):
    """A send is stopped after 60 s and its message marked 待核实: a gateway timeout longer
    than 30 s would leave every slow send unknown instead of failed and retried."""
    from notices.checks import sends_end_before_their_time_limit

    assert sends_end_before_their_time_limit(None) == []
    setattr(settings, name, 120)
    [error] = sends_end_before_their_time_limit(None)
    assert error.id == "notices.E002" and name in error.msg
    setattr(settings, name, None)
    assert [e.id for e in sends_end_before_their_time_limit(None)] == ["notices.E002"]
