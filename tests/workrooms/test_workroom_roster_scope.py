"""District staff import and export only their own district's workrooms; the template and
the changelist links."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from workrooms.models import Workroom
from workrooms.resources import WorkroomResource

from .test_workroom_roster_import import HEADER, NEW_ROOM, csv_upload, import_rooms

LIWAN_ROOM = "西关工作室,固定工作室,荔湾区,华林街道,,,,,是,否,是"


@pytest.mark.django_db
def test_district_staff_import_their_own_districts_workrooms(personas):
    report = import_rooms(csv_upload(HEADER, NEW_ROOM), by=personas.yuexiu_staff)
    assert report.ok, report.lines()


@pytest.mark.django_db
def test_a_workroom_of_another_district_is_a_row_error_and_nothing_is_imported(personas):
    report = import_rooms(csv_upload(HEADER, NEW_ROOM, LIWAN_ROOM), by=personas.yuexiu_staff)
    assert not report.ok
    assert report.errors == [(3, "所在镇（街）：您只能导入本区（越秀区）的工作室。")]
    assert not Workroom.objects.filter(name__in=["流花委员工作室", "西关工作室"]).exists()


@pytest.mark.django_db
def test_district_staff_cannot_put_another_districts_member_or_clerk_in_a_workroom(personas):
    row = "北京街工作室,固定工作室,越秀区,北京街道,,,hualin_clerk,李华,是,否,是"
    report = import_rooms(csv_upload(HEADER, row), by=personas.yuexiu_staff)
    messages = " ".join(message for _, message in report.errors)
    assert "未知的工作人员用户名“hualin_clerk”" in messages and "找不到委员“李华”" in messages
    assert list(personas.beijing_room.members.all()) == [personas.member]


@pytest.mark.django_db
def test_the_export_of_district_staff_never_holds_another_districts_workroom(client, personas):
    names = {row["名称"] for row in WorkroomResource(user=personas.yuexiu_staff).export().dict}
    assert names == {"北京街工作室"}
    client.force_login(personas.yuexiu_staff)
    response = client.post(reverse("admin:workrooms_workroom_export"),
                           {"format": "1", "resource": "0"})
    text = response.content.decode("utf-8-sig")
    assert "北京街工作室" in text and "华林街工作室" not in text


@pytest.mark.django_db
def test_the_workroom_template_downloads_with_header_and_example(client, personas):
    client.force_login(personas.yuexiu_staff)
    changelist = client.get(reverse("admin:workrooms_workroom_changelist")).content.decode()
    assert reverse("workrooms:import_template") in changelist
    response = client.get(reverse("workrooms:import_template"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("名称", "类型", "所在区", "所在镇（街）") and len(rows) == 2


@pytest.mark.django_db
def test_a_clerk_cannot_import_workrooms(client, personas):
    report = import_rooms(csv_upload(HEADER, NEW_ROOM), by=personas.beijing_clerk)
    assert not report.ok and "没有导入" in report.errors[0][1]
    client.force_login(personas.beijing_clerk)
    assert client.get(reverse("admin:workrooms_workroom_import")).status_code == 403
    assert client.get(reverse("workrooms:import_template")).status_code == 404
