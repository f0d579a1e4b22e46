"""Idle sessions end after 30 minutes; requests renew them, writing the session at most once
a minute, so a session ends between 29 and 30 minutes after its last request, never later
(no session write on every page). Django's clock is stopped (the `clock` fixture), so
how long the machine takes between two requests changes nothing."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum("django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(
        ("UPDATE", "INSERT")) for q in captured)


def test_a_session_ends_after_thirty_idle_minutes(client, personas, clock):
    client.force_login(personas.yuexiu_staff)
    assert client.get(reverse("home")).status_code == 200
    clock(minutes=30, seconds=1)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_request_after_twenty_nine_minutes_keeps_the_session_and_renews_it(
    client, personas, clock
):
    client.force_login(personas.yuexiu_staff)
    client.get(reverse("home"))
    clock(minutes=29)
    assert client.get(reverse("home")).status_code == 200
    assert _expiry(client) > timezone.now() + dt.timedelta(minutes=29, seconds=50)
    clock(minutes=29)
    assert client.get(reverse("home")).status_code == 200  # 58 minutes in, never idle 30


def test_within_a_minute_requests_do_not_write_the_session(client, personas, clock):
    client.force_login(personas.yuexiu_staff)
    url = reverse("home")
    client.get(url)
    assert _session_writes(client, url) == 0
    clock(seconds=59)
    assert _session_writes(client, url) == 0
    clock(seconds=2)
    assert _session_writes(client, url) == 1


def test_the_session_never_outlives_thirty_minutes_after_its_last_request(
    client, personas, clock
):
    """The last request came 59 s after the last renewal and wrote nothing: the session
    still ends 30 minutes after that renewal, 29 minutes and 1 s after the last request."""
    client.force_login(personas.yuexiu_staff)
    client.get(reverse("home"))
    clock(seconds=59)
    client.get(reverse("home"))
    clock(minutes=29, seconds=2)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_expired_cookie_does_not_create_a_session(client, personas, clock):
    client.force_login(personas.yuexiu_staff)
    client.get(reverse("home"))
    clock(minutes=31)
    client.get(reverse("workrooms:directory"))
    assert not Session.objects.filter(expire_date__gt=timezone.now()).exists()


def test_the_settings_say_thirty_minutes_renewed_once_a_minute(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_RENEW_SECONDS == 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    middleware = settings.MIDDLEWARE
    assert middleware.index("accounts.middleware.SessionRenewalMiddleware") == middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware") + 1
