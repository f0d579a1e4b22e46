"""规范 第十五条: city and district staff record each year's check of each workroom in the
admin; district staff only for their own district's workrooms."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import WorkroomInspection

from .conftest import inspect

pytestmark = pytest.mark.django_db
ADD = "admin:reports_workroominspection_add"


def form(room, **extra):
    return {"workroom": room.pk, "year": 2026, "date": "2026-06-01", "body": "district",
            "inspectors": "区政协督导组", "findings": "台账完整", "rating": "good",
            "follow_up": "", **extra}


def test_district_staff_record_an_inspection_of_their_own_workroom(client, personas):
    client.force_login(personas.yuexiu_staff)
    response = client.post(reverse(ADD), form(personas.beijing_room))
    assert response.status_code == 302, response.content.decode()[:2000]
    inspection = WorkroomInspection.objects.get()
    assert inspection.entered_by == personas.yuexiu_staff


def test_district_staff_cannot_record_another_districts_workroom(client, personas):
    client.force_login(personas.yuexiu_staff)
    response = client.post(reverse(ADD), form(personas.hualin_room))
    assert response.status_code == 200 and not WorkroomInspection.objects.exists()


def test_the_city_records_any_workroom_and_sees_every_inspection(client, personas):
    client.force_login(personas.city)
    assert client.post(reverse(ADD), form(personas.hualin_room, body="city")).status_code == 302
    inspect(personas.beijing_room, dt.date(2026, 4, 1), "pass")
    changelist = client.get(reverse("admin:reports_workroominspection_changelist"))
    assert changelist.context["cl"].result_count == 2
    client.force_login(personas.yuexiu_staff)
    changelist = client.get(reverse("admin:reports_workroominspection_changelist"))
    assert changelist.context["cl"].result_count == 1


def test_clerks_and_committee_staff_cannot_enter_inspections(client, personas):
    for user in (personas.beijing_clerk, personas.economy_staff):
        client.force_login(user)
        assert client.get(reverse(ADD)).status_code == 403


def test_the_date_must_fall_in_the_inspections_year_or_early_the_next(personas):
    bad = WorkroomInspection(workroom=personas.beijing_room, year=2026, date=dt.date(2025, 12, 1),
                             inspectors="x", findings="y", rating="good")
    with pytest.raises(ValidationError, match="检查日期须在检查年度内或其次年内"):
        bad.full_clean()
    bad.date = dt.date(2027, 1, 15)
    bad.full_clean()


def test_district_staff_see_reports_read_only_in_the_admin(client, personas):
    from reports.services import report_draft_create

    from ..factories import district

    report = report_draft_create(district=district("越秀区"), year=2026)
    client.force_login(personas.yuexiu_staff)
    change = reverse("admin:reports_districtreport_change", args=[report.pk])
    response = client.get(change)
    assert response.status_code == 200
    client.post(change, {"status": "submitted"})
    report.refresh_from_db()
    assert report.status == "draft"
    client.force_login(personas.liwan_staff)
    assert client.get(change).status_code == 404
