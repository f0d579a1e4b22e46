"""Logins, failed logins, logouts and refused requests are in the trail."""

import pytest
from django.urls import reverse

from audit.choices import EventKind
from audit.models import AuditEvent

GOOD = "Test-Passw0rd!"
IP = "192.0.2.33"


@pytest.mark.django_db
def test_a_login_is_recorded_with_who_and_where(client, personas):
    client.post(reverse("login"), {"username": "yuexiu", "password": GOOD}, REMOTE_ADDR=IP)
    event = AuditEvent.objects.get(kind=EventKind.LOGIN)
    assert event.user == personas.yuexiu_staff and event.username == "yuexiu"
    assert event.ip_address == IP and event.at is not None


@pytest.mark.django_db
def test_a_failed_login_is_recorded_without_the_password(client, personas):
    client.post(reverse("login"), {"username": "yuexiu", "password": "Secret-Wrong1"},
                REMOTE_ADDR=IP)
    event = AuditEvent.objects.get(kind=EventKind.LOGIN_FAILED)
    assert event.username == "yuexiu" and event.user is None and event.ip_address == IP
    assert "Secret-Wrong1" not in str(event.detail)


@pytest.mark.django_db
def test_a_logout_is_recorded(client, personas):
    client.force_login(personas.beijing_clerk)
    client.post(reverse("logout"))
    assert AuditEvent.objects.filter(kind=EventKind.LOGOUT, username="beijing_clerk").exists()


@pytest.mark.django_db
def test_a_refused_admin_page_is_recorded(client, personas):
    client.force_login(personas.auditor)
    url = reverse("admin:members_member_changelist")
    assert client.get(url).status_code == 403
    event = AuditEvent.objects.get(kind=EventKind.PERMISSION_DENIED)
    assert event.username == "auditor" and event.path == url


@pytest.mark.django_db
def test_the_user_administrator_trying_the_trail_is_itself_recorded(client, personas):
    client.force_login(personas.useradmin)
    client.get(reverse("audit:events"))
    assert AuditEvent.objects.filter(
        kind=EventKind.PERMISSION_DENIED, username="useradmin", path=reverse("audit:events")
    ).exists()


@pytest.mark.django_db
def test_a_request_without_csrf_token_is_recorded(personas):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas.city)
    assert strict.post(reverse("password_change"), {}).status_code == 403
    assert AuditEvent.objects.filter(kind=EventKind.PERMISSION_DENIED, username="city").exists()
