"""Staff maintain the topics and departments; only the municipal office changes the routing
settings (local settings, 本地设置); nobody adds or deletes a setting's key."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.choices import DepartmentKind
from cases.models import Activity, Department, RoutingSetting

from ..factories import district, town


def test_district_staff_add_departments_of_their_district_only(client, personas):
    client.force_login(personas.yuexiu_staff)
    form = client.get(reverse("admin:cases_department_add")).context["adminform"].form
    assert list(form.fields["district"].queryset) == [district("越秀区")]


@pytest.mark.parametrize("who,status", [("city", 200), ("yuexiu_staff", 403),
                                        ("beijing_clerk", 403)])
def test_only_the_city_changes_routing_settings(client, personas, who, status):
    setting = RoutingSetting.objects.first()
    client.force_login(getattr(personas, who))
    url = reverse("admin:cases_routingsetting_change", args=[setting.pk])
    response = client.post(url, {"value": "7", "is_local_setting": "on", "basis": "x"})
    assert response.status_code == (302 if status == 200 else status)
    setting.refresh_from_db()
    assert (setting.value == 7) == (status == 200)


def test_a_department_in_another_districts_town_is_refused(db):
    office = Department(kind=DepartmentKind.TOWN_OFFICE, district=district("越秀区"),
                        town=town("华林街道"), name="城市管理办公室")
    with pytest.raises(ValidationError, match="所选镇（街）不属于该区"):
        office.full_clean()


def test_a_town_office_needs_a_town(db):
    office = Department(kind=DepartmentKind.TOWN_OFFICE, district=district("越秀区"), name="科室")
    with pytest.raises(ValidationError, match="镇（街）职能科室必须指定所属镇（街）"):
        office.full_clean()


def test_a_reception_of_another_workroom_is_refused(personas):
    import datetime as dt

    from receptions.models import Reception

    other = Reception.objects.create(workroom=personas.hualin_room,
                                     nominal_date=dt.date(2026, 3, 15), date=dt.date(2026, 3, 16))
    activity = Activity(workroom=personas.beijing_room, reception=other)
    with pytest.raises(ValidationError, match="所选接待安排不属于本工作室"):
        activity.full_clean()
