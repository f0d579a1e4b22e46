"""A cache outage degrades, it does not break: with the shared cache's Redis unreachable the
public workroom page, its .ics feed, the staff quota table and the municipal office's
report page are computed without the cache (200, the right content), and /healthz reports
the cache as down while the web container stays in service (200).

The cache is configured exactly as the settings configure it for a redis:// CACHE_URL
(asked of the settings in a subprocess), pointed at a port where nothing listens, or where
something listens but never answers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parent.parent


def caches_for(cache_url: str) -> dict:
    """CACHES as config/settings make them of this CACHE_URL."""
    code = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "CACHE_URL": cache_url}
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def unanswered():
    """A port that accepts connections and never answers (a hung Redis), and one where
    nothing listens (a stopped Redis)."""
    with socket.socket() as hung, socket.socket() as probe:
        hung.bind(("127.0.0.1", 0))
        hung.listen(64)
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
        probe.close()
        yield {"hung": hung.getsockname()[1], "closed": closed}


@pytest.fixture(scope="module")
def redis_caches(unanswered):
    return {name: caches_for(f"redis://127.0.0.1:{port}/0") for name, port in unanswered.items()}


@pytest.fixture
def cache_down(settings, redis_caches):
    settings.CACHES = redis_caches["closed"]
    settings.REPORT_LIVE_FIGURES_SECONDS = 300  # the report page reads its figures cached
    settings.CACHED_PAGE_SECONDS = 60  # and so do the public pages and the quota table


def test_the_settings_give_a_redis_cache_url_the_degrading_backend_with_short_timeouts(
    redis_caches,
):
    default = redis_caches["closed"]["default"]
    assert default["BACKEND"] == "core.cache.DegradingRedisCache"
    assert default["OPTIONS"]["socket_connect_timeout"] <= 1
    assert default["OPTIONS"]["socket_timeout"] <= 1


def test_the_public_workroom_page_and_its_feed_are_computed_without_the_cache(
    client, personas, cache_down
):
    room = personas.beijing_room
    for _ in range(2):  # nothing was kept the first time: computed again
        page = client.get(reverse("workrooms:detail", args=[room.pk]))
        assert page.status_code == 200
        assert "北京街工作室" in page.content.decode() and "陈明" in page.content.decode()

    feed = client.get(reverse("workrooms:ics", args=[room.pk]))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in feed.content


def test_the_staff_quota_table_is_computed_without_the_cache(client, personas, cache_down):
    client.force_login(personas.yuexiu_staff)

    response = client.get(reverse("scoring:table"))

    assert response.status_code == 200 and "陈明" in response.content.decode()


def test_the_municipal_offices_report_page_counts_without_the_cache(
    client, personas, cache_down
):
    client.force_login(personas.city)

    response = client.get(reverse("reports:overview", args=[2026]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "越秀区" in html and "天河区" in html


def test_healthz_reports_the_cache_down_and_stays_in_service(client, cache_down):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["cache"] == "down" and response.json()["database"] == "ok"


def test_healthz_reports_a_working_cache(client):
    assert client.get("/healthz").json()["cache"] == "ok"


def test_a_cache_that_never_answers_costs_a_page_about_a_second_not_a_hang(
    client, personas, settings, redis_caches
):
    settings.CACHES = redis_caches["hung"]
    started = time.monotonic()

    health = client.get("/healthz")
    page = client.get(reverse("workrooms:detail", args=[personas.beijing_room.pk]))

    assert health.json()["cache"] == "down" and page.status_code == 200
    assert time.monotonic() - started < 4  # one socket timeout, then not tried for a while
