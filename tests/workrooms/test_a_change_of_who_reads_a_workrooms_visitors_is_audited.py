"""个人信息保护法: every change of who reads a workroom's visitors (its clerk, in full; its
town's and district's staff, masked) is an audit event saying who changed which workroom
from what to what, in the admin and in the roster import alike."""

import pytest
from django.urls import reverse

from audit.choices import EventKind
from audit.models import AuditEvent

from ..factories import UserFactory, town
from ..members.roster import csv_upload
from .clerks import liurong_clerk, post_change
from .test_workroom_roster_import import HEADER

pytestmark = pytest.mark.django_db


def events():
    return list(AuditEvent.objects.filter(kind=EventKind.VISITOR_ACCESS).order_by("pk"))


def test_a_new_clerk_chosen_in_the_admin_is_recorded_with_before_and_after(client, personas):
    room = personas.beijing_room
    second = UserFactory(username="beijing_clerk2", role="clerk", town=room.town,
                         district=room.town.district)
    client.force_login(personas.yuexiu_staff)
    assert post_change(client, room, clerk=second.pk).status_code == 302
    room.refresh_from_db()
    assert room.clerk == second
    (event,) = events()
    assert (event.user, event.object_type, event.object_id) == (
        personas.yuexiu_staff, "workrooms.workroom", str(room.pk))
    assert event.detail == {"clerk": {"before": "beijing_clerk", "after": "beijing_clerk2"}}
    assert event.path == reverse("admin:workrooms_workroom_change", args=[room.pk])


def test_saving_a_workroom_without_changing_its_readers_records_nothing(client, personas):
    client.force_login(personas.yuexiu_staff)
    assert post_change(client, personas.beijing_room, address="新地址9号").status_code == 302
    assert events() == []


def test_moving_a_workroom_with_its_new_towns_clerk_records_both(client, personas):
    room, other = personas.beijing_room, liurong_clerk()
    client.force_login(personas.yuexiu_staff)
    response = post_change(client, room, town=town("六榕街道").pk, clerk=other.pk)
    assert response.status_code == 302
    (event,) = events()
    assert event.detail == {
        "clerk": {"before": "beijing_clerk", "after": "liurong_clerk"},
        "town": {"before": "越秀区北京街道", "after": "越秀区六榕街道"},
    }


def test_a_clerk_changed_by_the_roster_import_is_recorded(client, personas):
    room = personas.beijing_room
    client.force_login(personas.yuexiu_staff)
    row = "北京街工作室,固定工作室,越秀区,北京街道,,,,陈明,是,否,是"  # no clerk any more
    response = client.post(reverse("admin:workrooms_workroom_import"),
                           {"file": csv_upload(HEADER, row)})
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.clerk is None
    (event,) = events()
    assert event.user == personas.yuexiu_staff
    assert event.detail == {"clerk": {"before": "beijing_clerk", "after": ""}}
