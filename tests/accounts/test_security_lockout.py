"""Five failed logins lock the account and the source address for 30 minutes."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse

from audit.choices import EventKind
from audit.models import AuditEvent

GOOD = "Test-Passw0rd!"
HOME_IP, OTHER_IP = "192.0.2.10", "198.51.100.20"


def login(client, username, password, ip=HOME_IP):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def fail_five_times(client, username="yuexiu", ip=HOME_IP):
    return [login(client, username, "wrong-password", ip) for _ in range(5)]


@pytest.mark.django_db
def test_four_failures_do_not_lock(client, personas):
    for _ in range(4):
        assert login(client, "yuexiu", "wrong-password").status_code == 200
    assert login(client, "yuexiu", GOOD).status_code == 302


@pytest.mark.django_db
def test_the_fifth_failure_locks_and_shows_the_chinese_locked_page(client, personas):
    responses = fail_five_times(client)
    assert responses[-1].status_code == 429
    assert "账号已锁定" in responses[-1].content.decode()
    locked = login(client, "yuexiu", GOOD)
    assert locked.status_code == 429 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_locked_account_is_refused_from_another_address_too(client, personas):
    fail_five_times(client)
    assert login(client, "yuexiu", GOOD, ip=OTHER_IP).status_code == 429


@pytest.mark.django_db
def test_the_locked_address_is_refused_for_another_account_too(client, personas):
    fail_five_times(client)
    assert login(client, "liwan", GOOD).status_code == 429
    assert login(client, "liwan", GOOD, ip=OTHER_IP).status_code == 302


def minutes_pass(minutes):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


@pytest.mark.django_db
def test_the_lock_still_holds_after_twenty_nine_minutes(client, personas):
    fail_five_times(client)
    minutes_pass(29)
    assert login(client, "yuexiu", GOOD).status_code == 429


@pytest.mark.django_db
def test_the_lock_lifts_after_thirty_minutes(client, personas):
    fail_five_times(client)
    minutes_pass(31)
    assert login(client, "yuexiu", GOOD).status_code == 302


@pytest.mark.django_db
def test_trying_again_while_locked_starts_the_thirty_minutes_again(client, personas):
    """axes counts a try during the lock as one more failure, dated now."""
    fail_five_times(client)
    minutes_pass(20)
    assert login(client, "yuexiu", GOOD).status_code == 429
    minutes_pass(20)
    assert login(client, "yuexiu", GOOD).status_code == 429


@pytest.mark.django_db
def test_failures_and_the_lock_are_in_the_audit_trail(client, personas):
    fail_five_times(client)
    failed = AuditEvent.objects.filter(kind=EventKind.LOGIN_FAILED, username="yuexiu")
    assert failed.count() == 5
    assert failed.first().ip_address == HOME_IP
    assert AuditEvent.objects.filter(kind=EventKind.LOCKOUT, username="yuexiu").exists()
