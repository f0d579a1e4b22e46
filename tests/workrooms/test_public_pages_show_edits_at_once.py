"""The public workroom page and the .ics feeds are cached, yet an edit in the admin
or by a service shows at the very next request: the cache is keyed by the generations of the
tables they read (accounts/generations.py), not by a time."""

import re

import pytest

from members.models import Member
from receptions.models import Reception
from tests.receptions.public import plan_with_notice

pytestmark = pytest.mark.django_db


def test_a_renamed_member_and_a_moved_reception_show_at_the_next_request(personas, client):
    [reception] = plan_with_notice(personas)
    page = f"/workrooms/{personas.beijing_room.pk}/"
    feed = f"/workrooms/{personas.beijing_room.pk}/calendar.ics"
    assert "陈明" in client.get(page).content.decode()
    assert "陈明" in client.get(feed).content.decode()

    Member.objects.filter(pk=personas.member.pk).update(name="陈明华")
    Reception.objects.filter(pk=reception.pk).update(place="北京街新址")

    body = client.get(page).content.decode()
    assert "陈明华" in body
    ics = client.get(feed).content.decode()
    assert "陈明华" in ics and "北京街新址" in ics


def test_a_second_visit_runs_only_the_lookup_queries(personas, client,
                                                    django_assert_max_num_queries):
    plan_with_notice(personas, extra_members=3, extra_receptions=3)
    page = f"/workrooms/{personas.beijing_room.pk}/"
    first = without_csrf(client.get(page))
    with django_assert_max_num_queries(2):  # the workroom and the tables' generations
        assert without_csrf(client.get(page)) == first


def without_csrf(response) -> str:
    """The page without its CSRF tokens, which are masked afresh on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "",
                  response.content.decode())
