"""A wrong second-factor code counts toward the account's lock like a wrong password: five
failures lock it for 30 minutes, the page says how many tries are left, and the owner is told,
since whoever typed the codes knew the password. Before, a password holder
could block the real user with wrong codes (django-otp's silent back-off) and nobody knew."""

import datetime as dt

import pytest
from django.core import mail
from django.db.models import F
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.choices import EventKind
from audit.models import AuditEvent
from notices.choices import Channel
from notices.models import Message

from .test_security_second_factor import GOOD, code_for, confirmed_device, otp_on  # noqa: F401

OTHER_IP = "198.51.100.20"


def password_login(client, ip="192.0.2.10"):
    return client.post(reverse("login"), {"username": "city", "password": GOOD}, REMOTE_ADDR=ip)


def wrong_code(client, device):
    """A wrong code, typed after django-otp's wait (1, 2, 4… seconds) has passed."""
    TOTPDevice.objects.filter(pk=device.pk, throttling_failure_timestamp__isnull=False).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - dt.timedelta(hours=1)
    )
    device.refresh_from_db()
    wrong = f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"
    return client.post(reverse("otp_verify"), {"token": wrong}, REMOTE_ADDR="192.0.2.10")


@pytest.fixture
def device(personas, otp_on):  # noqa: F811
    personas.city.email = "city@gzzx.example.cn"
    personas.city.save()
    return confirmed_device(personas.city)


@pytest.mark.django_db
def test_each_wrong_code_says_how_many_tries_are_left(client, device):
    password_login(client)
    for left in (4, 3, 2, 1):
        body = wrong_code(client, device).content.decode()
        assert "动态口令不正确" in body and f"再输错 {left} 次，账号将被锁定 30 分钟" in body


@pytest.mark.django_db
def test_the_fifth_wrong_code_locks_the_account_and_ends_the_half_login(client, device):
    password_login(client)
    responses = [wrong_code(client, device) for _ in range(5)]
    assert responses[-1].status_code == 429
    assert "账号已锁定" in responses[-1].content.decode()
    assert "_auth_user_id" not in client.session
    assert password_login(client).status_code == 429
    assert password_login(client, ip=OTHER_IP).status_code == 429  # the account, anywhere


@pytest.mark.django_db
def test_the_owner_is_told_and_the_lock_is_in_the_audit_trail(
    client, personas, device, django_capture_on_commit_callbacks
):
    password_login(client)
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after commit
        for _ in range(5):
            wrong_code(client, device)
    told = Message.objects.filter(recipient=personas.city)
    assert set(told.values_list("channel", flat=True)) == {Channel.INBOX, Channel.EMAIL}
    assert "动态口令错误次数过多" in told.first().subject
    assert mail.outbox and "修改密码" in mail.outbox[0].body
    assert AuditEvent.objects.filter(kind=EventKind.OTP_FAILED, username="city").count() == 5
    assert AuditEvent.objects.filter(kind=EventKind.LOCKOUT, username="city").exists()


@pytest.mark.django_db
def test_no_one_is_told_before_the_lock(client, personas, device):
    password_login(client)
    for _ in range(4):
        wrong_code(client, device)
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_signing_in_again_with_the_password_does_not_forgive_wrong_codes(client, device):
    password_login(client)
    for _ in range(3):
        wrong_code(client, device)
    client.logout()
    assert password_login(client).status_code == 302
    wrong_code(client, device)
    assert wrong_code(client, device).status_code == 429


@pytest.mark.django_db
def test_the_right_code_clears_the_count(client, device):
    password_login(client)
    for _ in range(4):
        wrong_code(client, device)
    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(reverse("otp_verify"), {"token": code_for(device), "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    client.logout()
    password_login(client)
    assert "再输错 4 次" in wrong_code(client, device).content.decode()


@pytest.mark.django_db
def test_a_code_typed_before_the_wait_is_over_is_not_counted(client, device):
    password_login(client)
    wrong_code(client, device)
    too_soon = client.post(reverse("otp_verify"), {"token": code_for(device)})
    assert "尝试过于频繁" in too_soon.content.decode()
    assert "再输错 3 次" in wrong_code(client, device).content.decode()
