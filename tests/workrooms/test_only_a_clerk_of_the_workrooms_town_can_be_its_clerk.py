"""规范 第七条, 个人信息保护法: a workroom's clerk reads its visitors' names, phones and
addresses in full (cases.privacy), so only a clerk account of the workroom's own town/street
can be its clerk. District and city staff cannot name themselves (or a town lead, or a
clerk of another town) in the admin: a Chinese error, and nothing changes."""

import pytest

from audit.choices import EventKind
from audit.models import AuditEvent

from ..factories import town
from .clerks import liurong_clerk, post_change

pytestmark = pytest.mark.django_db

NOT_OFFERED = "所选账号不能担任工作室工作人员"
OTHER_TOWN = "不属于本工作室所在的镇（街）"


def refused(response, message, room, clerk):
    room.refresh_from_db()
    return (response.status_code == 200 and message in response.content.decode()
            and room.clerk == clerk
            and not AuditEvent.objects.filter(kind=EventKind.VISITOR_ACCESS).exists())


def test_district_staff_cannot_make_themselves_a_workrooms_clerk(client, personas):
    client.force_login(personas.yuexiu_staff)
    response = post_change(client, personas.beijing_room, clerk=personas.yuexiu_staff.pk)
    assert refused(response, NOT_OFFERED, personas.beijing_room, personas.beijing_clerk)


def test_city_staff_cannot_make_themselves_a_workrooms_clerk(client, personas):
    client.force_login(personas.city)
    response = post_change(client, personas.beijing_room, clerk=personas.city.pk)
    assert refused(response, NOT_OFFERED, personas.beijing_room, personas.beijing_clerk)


def test_a_town_lead_is_not_a_clerk(client, personas):
    client.force_login(personas.yuexiu_staff)
    response = post_change(client, personas.beijing_room, clerk=personas.beijing_lead.pk)
    assert refused(response, NOT_OFFERED, personas.beijing_room, personas.beijing_clerk)


def test_a_clerk_of_another_town_is_refused(client, personas):
    other = liurong_clerk()  # same district, another street
    client.force_login(personas.yuexiu_staff)
    response = post_change(client, personas.beijing_room, clerk=other.pk)
    assert refused(response, OTHER_TOWN, personas.beijing_room, personas.beijing_clerk)
    client.force_login(personas.city)  # another district's clerk, by the municipal office
    response = post_change(client, personas.beijing_room, clerk=personas.hualin_clerk.pk)
    assert refused(response, OTHER_TOWN, personas.beijing_room, personas.beijing_clerk)


def test_moving_a_workroom_to_another_town_cannot_keep_its_clerk(client, personas):
    client.force_login(personas.yuexiu_staff)
    response = post_change(client, personas.beijing_room, town=town("六榕街道").pk)
    assert refused(response, OTHER_TOWN, personas.beijing_room, personas.beijing_clerk)
    assert personas.beijing_room.town == town("北京街道")
