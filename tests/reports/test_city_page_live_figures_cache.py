"""The municipal office's page reads the drafting districts' live figures as last counted
(kept in the database, reports.LiveCount), at most REPORT_LIVE_FIGURES_SECONDS ago, says
when they were counted and offers to count them now (at most once a minute); the beat job
recounts them ahead of time; the documents always count afresh (counting every district on
every request was too slow at ten times Guangzhou's size)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db.models import F
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from config.celery import app
from reports.documents import city_data, data_digest
from reports.models import LiveCount
from reports.tasks import count_live_figures

from ..factories import MemberFactory
from .conftest import held

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached():
    cache.clear()
    with override_settings(REPORT_LIVE_FIGURES_SECONDS=300):
        yield
    cache.clear()


def _members_total(client) -> str:
    html = client.get(reverse("reports:overview", args=[2026])).content.decode()
    assert "更新于" in html and "?refresh=1" in html
    return html


def served(personas, day=dt.date(2026, 4, 1)):
    """A new member's visit to 北京街工作室 (规范 第十四条: counted where it was done)."""
    member = MemberFactory()
    held(personas.beijing_room, personas.yuexiu_staff, [member], day)
    return member


def a_minute_passes() -> None:
    """As if the kept figures had been counted a minute and a second ago."""
    LiveCount.objects.update(counted_at=F("counted_at") - dt.timedelta(seconds=61))


def test_a_new_member_shows_after_a_refresh_not_before(client, personas, cached):
    from django.db import connection

    client.force_login(personas.city)
    url = reverse("reports:overview", args=[2026])
    first = client.get(url).context["totals"]["members"]["total"]
    served(personas)
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url).context["totals"]["members"]["total"]
    assert again == first  # read as last counted
    with CaptureQueriesContext(connection) as asked:  # 立即更新 within the minute: no recount
        assert client.get(url, {"refresh": "1"}).context["totals"]["members"]["total"] == first
    assert len(asked) == len(warm)
    a_minute_passes()
    with CaptureQueriesContext(connection) as counting:
        refreshed = client.get(url, {"refresh": "1"}).context["totals"]["members"]["total"]
    assert refreshed == first + 1 and len(warm) < len(counting)


def test_losing_the_cache_does_not_recount_the_figures(client, personas, cached):
    """The figures are kept in the database: an emptied (or failed) cache reads them."""
    from django.db import connection

    client.force_login(personas.city)
    url = reverse("reports:overview", args=[2026])
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(warm)


def test_the_beat_job_recounts_them_ahead_of_time(personas, cached):
    city_data(year=2026, cached=True)
    served(personas)
    stale = city_data(year=2026, cached=True)["totals"]["members"]["visits"]
    count_live_figures.delay(2026)
    fresh = city_data(year=2026, cached=True)["totals"]["members"]["visits"]
    assert fresh == stale + 1
    entry = app.conf.beat_schedule["reports-count-live-figures"]
    assert entry["task"] == count_live_figures.name and entry["schedule"] <= 300


def test_the_documents_count_afresh_and_their_digest_ignores_the_time(personas, cached):
    city_data(year=2026, cached=True)
    served(personas)
    document = city_data(year=2026)
    a_minute_passes()
    assert document["totals"]["members"]["visits"] == city_data(
        year=2026, cached=True, refresh=True)["totals"]["members"]["visits"]
    assert data_digest(document) == data_digest({**document, "counted_at": "2026-12-01 08:00"})


def test_the_district_page_of_a_draft_reads_its_figures_kept_and_says_when(client, personas,
                                                                           cached):
    """The district's own page too (a year of its cases takes a while to count): the draft's
    figures kept as the city's are, with when they were counted, and 立即更新 counts now."""
    client.force_login(personas.yuexiu_staff)
    url = reverse("reports:district", args=[personas.yuexiu_staff.district_id, 2026])
    first = client.get(url)
    html = first.content.decode()
    assert "报告未报送，数据为实时统计，更新于" in html and "?refresh=1" in html
    visits = first.context["data"]["figures"]["members"]["total"]
    served(personas)
    assert client.get(url).context["data"]["figures"]["members"]["total"] == visits
    a_minute_passes()
    refreshed = client.get(url, {"refresh": "1"}).context["data"]["figures"]["members"]
    assert refreshed["total"] == visits + 1
