"""规范 第九条: members receive on the 15th of odd months, or on the district's own day; a
workroom that receives every month says so plainly (“每月15日”), not “每单月15日（本工作室
每月接待）”, which reads as both at once."""

import pytest

from receptions.models import DistrictReceptionRule

pytestmark = pytest.mark.django_db


def reception_day(client, room) -> str:
    page = client.get(f"/workrooms/{room.pk}/").content.decode()
    return page.split("接待日", 1)[1].split("</p>", 1)[0]


def test_a_workroom_receives_on_the_15th_of_odd_months(personas, client):
    assert reception_day(client, personas.beijing_room).startswith("：每单月15日，逢节假日")


def test_a_monthly_workroom_receives_on_the_15th_of_every_month(personas, client):
    personas.beijing_room.monthly_receptions = True
    personas.beijing_room.save()
    line = reception_day(client, personas.beijing_room)
    assert line.startswith("：每月15日，逢节假日") and "单月" not in line


def test_a_monthly_workroom_of_a_district_with_its_own_day(personas, client):
    DistrictReceptionRule.objects.create(district=personas.beijing_room.town.district,
                                         day_of_month=10)
    personas.beijing_room.monthly_receptions = True
    personas.beijing_room.save()
    assert reception_day(client, personas.beijing_room).startswith("：每月10日，")
