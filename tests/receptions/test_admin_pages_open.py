"""Every reception admin page opens for the roles that may see it, within their scope."""

import datetime as dt

import pytest

from receptions.models import DistrictReceptionRule, Holiday, ImportantEvent
from receptions.services import notice_publish_due
from tests.factories import district

LISTS = [
    "reception",
    "notice",
    "importantevent",
    "districtreceptionrule",
    "holiday",
    "calendaryear",
]


@pytest.fixture
def world(reception, personas):
    notice_publish_due(today=dt.date(2026, 11, 13))
    ImportantEvent.objects.create(date=dt.date(2026, 12, 15), title="全市大会")
    DistrictReceptionRule.objects.create(district=district("越秀区"), day_of_month=10)
    return reception


@pytest.mark.parametrize("persona", ["city", "yuexiu_staff", "beijing_clerk"])
@pytest.mark.parametrize("model", LISTS)
def test_the_lists_open(world, personas, client, persona, model, today):
    client.force_login(getattr(personas, persona))

    assert client.get(f"/admin/receptions/{model}/").status_code == 200


@pytest.mark.parametrize("persona", ["city", "yuexiu_staff", "beijing_clerk"])
def test_the_change_pages_open(world, personas, client, persona, today):
    client.force_login(getattr(personas, persona))
    notice = world.notices.get()

    page = client.get(f"/admin/receptions/reception/{world.pk}/change/").content.decode()
    assert "更正公告" not in page and f"/workrooms/notices/{notice.pk}.pdf" in page
    assert client.get(f"/admin/receptions/notice/{notice.pk}/change/").status_code == 200
    assert client.get(f"/admin/receptions/reception/{world.pk}/history/").status_code == 200
    holiday = Holiday.objects.first()
    assert client.get(f"/admin/receptions/holiday/{holiday.pk}/change/").status_code == 200


def test_other_districts_staff_see_neither_the_rule_nor_the_reception(world, personas, client):
    client.force_login(personas.liwan_staff)

    rule = DistrictReceptionRule.objects.get()
    assert (
        client.get(f"/admin/receptions/districtreceptionrule/{rule.pk}/change/").status_code == 404
    )
    assert client.get(f"/admin/receptions/reception/{world.pk}/change/").status_code == 404
    assert (
        client.get(f"/admin/receptions/notice/{world.notices.get().pk}/change/").status_code == 404
    )


def test_district_staff_see_city_wide_events_but_cannot_change_them(world, personas, client):
    client.force_login(personas.liwan_staff)
    event = ImportantEvent.objects.get()

    assert "全市大会" in client.get("/admin/receptions/importantevent/").content.decode()
    response = client.post(
        f"/admin/receptions/importantevent/{event.pk}/change/",
        {"date": "2026-12-16", "title": "改"},
    )
    assert response.status_code in {200, 403}
    event.refresh_from_db()
    assert event.date == dt.date(2026, 12, 15)
