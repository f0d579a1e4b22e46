"""Idle sessions end after 30 minutes; each request renews them (issue 7 item 1)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone


def idle_for(client, minutes):
    """Move the session's server-side expiry back as if `minutes` passed without a request."""
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(minutes=30 - minutes)
    )


@pytest.mark.django_db
def test_a_session_ends_after_thirty_idle_minutes(client, personas):
    client.force_login(personas.yuexiu_staff)
    assert client.get(reverse("home")).status_code == 200
    idle_for(client, 31)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_request_after_twenty_nine_minutes_keeps_the_session_and_renews_it(client, personas):
    client.force_login(personas.yuexiu_staff)
    client.get(reverse("home"))
    idle_for(client, 29)
    assert client.get(reverse("home")).status_code == 200
    expiry = Session.objects.get(session_key=client.session.session_key).expire_date
    assert expiry > timezone.now() + timedelta(minutes=29, seconds=50)


def test_the_settings_say_thirty_minutes_renewed_on_every_request(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
