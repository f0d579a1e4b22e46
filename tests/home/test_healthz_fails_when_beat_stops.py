"""/healthz answers 503 when beat's heartbeat (every minute, config/celery.py) is older than
twice its interval: beat or the worker has stopped, and no reminder or notice goes out. With
no broker (make run: tasks run in-process, no beat) there is no heartbeat to expect."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Heartbeat


@pytest.fixture
def with_a_broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = ""  # Redis itself is not what these tests look at


def beat_ran(seconds_ago):
    Heartbeat.objects.create(name="beat", at=timezone.now() - dt.timedelta(seconds=seconds_ago))


@pytest.mark.django_db
def test_a_heartbeat_older_than_two_minutes_is_a_failure(client, with_a_broker):
    beat_ran(121)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["beat_status"] == "stale"


@pytest.mark.django_db
def test_a_heartbeat_of_a_minute_and_a_half_ago_is_healthy(client, with_a_broker):
    beat_ran(90)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["beat_status"] == "ok"


@pytest.mark.django_db
def test_a_beat_that_never_ran_is_a_failure(client, with_a_broker):
    assert client.get("/healthz").status_code == 503


@pytest.mark.django_db
def test_without_a_broker_no_heartbeat_is_expected(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["beat_status"] == "not configured"
