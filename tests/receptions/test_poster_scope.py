"""规范 第八条: a workroom's poster is printed by its clerk and by the staff of its
town/street, district and the city; anyone else is refused, and a workroom outside one's
scope is a 404 (its id leaks nothing)."""

import pytest
from django.urls import reverse

from .poster import poster_get


@pytest.mark.parametrize("who", ["beijing_clerk", "beijing_lead", "yuexiu_staff", "city"])
def test_the_clerk_and_the_staff_over_the_workroom_download_its_poster(client, personas, who):
    response = poster_get(client, getattr(personas, who), personas.beijing_room)

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["hualin_clerk", "liwan_staff", "tianhe_staff"])
def test_another_districts_or_workrooms_poster_is_not_found(client, personas, who):
    assert poster_get(client, getattr(personas, who), personas.beijing_room).status_code == 404


@pytest.mark.parametrize("who", ["member_user", "economy_staff", "nobody", "auditor"])
def test_roles_without_workroom_access_are_refused(client, personas, who):
    assert poster_get(client, getattr(personas, who), personas.beijing_room).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, personas):
    response = client.get(reverse("receptions:poster", args=[personas.beijing_room.pk]))

    assert response.status_code == 302 and "login" in response["Location"]


def test_an_inactive_workroom_has_no_poster(client, personas):
    personas.beijing_room.active = False
    personas.beijing_room.save()

    assert poster_get(client, personas.yuexiu_staff, personas.beijing_room).status_code == 404
