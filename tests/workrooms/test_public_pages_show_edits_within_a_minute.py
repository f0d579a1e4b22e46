"""The public workroom page and the .ics feeds are kept in the cache for CACHED_PAGE_SECONDS,
a minute: an edit in the admin or by a service shows on them within that minute, and a visit
meanwhile runs only the lookup of the workroom."""

import re

import pytest
from django.urls import reverse

from members.models import Member
from receptions.models import MemberCalendarFeed, Reception
from tests.receptions.public import plan_with_notice

pytestmark = pytest.mark.django_db


def test_the_public_pages_are_kept_a_minute(cached_pages):
    assert cached_pages.seconds == 60


def test_a_renamed_member_and_a_moved_reception_show_within_the_minute(
    personas, client, cached_pages
):
    [reception] = plan_with_notice(personas)
    token = MemberCalendarFeed.objects.get(member=personas.member).token
    page = reverse("workrooms:detail", args=[personas.beijing_room.pk])
    feed = reverse("workrooms:ics", args=[personas.beijing_room.pk])
    member_feed = reverse("workrooms:member_ics", args=[token])
    for path in (page, feed, member_feed):
        assert "北京街党群服务中心" in client.get(path).content.decode()

    Member.objects.filter(pk=personas.member.pk).update(name="陈明华")
    Reception.objects.filter(pk=reception.pk).update(place="北京街新址")
    cached_pages.wait(cached_pages.seconds / 2)
    for path in (page, feed, member_feed):  # still what was shown half a minute ago
        assert "北京街新址" not in client.get(path).content.decode()

    cached_pages.wait(cached_pages.seconds / 2)
    body = client.get(page).content.decode()
    assert "陈明华" in body and "北京街新址" in body
    for path in (feed, member_feed):
        ics = client.get(path).content.decode()
        assert "陈明华" in ics and "北京街新址" in ics


def test_a_second_visit_within_the_minute_runs_only_the_lookup(
    personas, client, cached_pages, django_assert_max_num_queries
):
    plan_with_notice(personas, extra_members=3, extra_receptions=3)
    page = reverse("workrooms:detail", args=[personas.beijing_room.pk])
    feed = reverse("workrooms:ics", args=[personas.beijing_room.pk])
    first, first_feed = without_csrf(client.get(page)), client.get(feed).content
    with django_assert_max_num_queries(1):  # the workroom
        assert without_csrf(client.get(page)) == first
    with django_assert_max_num_queries(1):
        assert client.get(feed).content == first_feed


def test_without_the_cache_every_visit_shows_the_data_as_it_is(personas, client, settings):
    settings.CACHED_PAGE_SECONDS = 0
    plan_with_notice(personas)
    page = reverse("workrooms:detail", args=[personas.beijing_room.pk])
    client.get(page)
    Member.objects.filter(pk=personas.member.pk).update(name="陈明华")
    assert "陈明华" in client.get(page).content.decode()


def without_csrf(response) -> str:
    """The page without its CSRF tokens, which are masked afresh on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "",
                  response.content.decode())
