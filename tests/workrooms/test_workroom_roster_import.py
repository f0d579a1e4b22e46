"""The workroom roster: town by name (checked against 所在区), clerk by login name, members
serving there by name, choices by label; natural key 所在镇（街）+名称."""

import pytest

from workrooms.choices import WorkroomKind
from workrooms.models import Workroom
from workrooms.resources import WorkroomResource

from ..factories import MemberFactory
from ..members.roster import csv_upload, import_members, xlsx_upload

HEADER = (
    "名称,类型,所在区,所在镇（街）,所在社区（村）,地址,工作人员用户名,驻室委员,"
    "两代表一委员共用,每月接待,启用"
)
NEW_ROOM = "流花委员工作室,流动工作室,越秀区,北京街道,流花社区,某路2号,beijing_clerk,陈明,否,是,是"


def import_rooms(upload, by=None, dry_run=False):
    return import_members(upload, by=by, dry_run=dry_run, resource_class=WorkroomResource)


@pytest.mark.django_db
def test_a_good_csv_creates_the_workroom_with_its_clerk_and_members(personas):
    report = import_rooms(csv_upload(HEADER, NEW_ROOM))
    assert report.ok, report.lines()
    room = Workroom.objects.get(name="流花委员工作室")
    assert room.town.name == "北京街道" and room.kind == WorkroomKind.MOBILE
    assert room.clerk == personas.beijing_clerk and list(room.members.all()) == [personas.member]
    assert (room.shared_with_deputies, room.monthly_receptions, room.active) == (False, True, True)


@pytest.mark.django_db
def test_an_existing_workroom_is_updated_by_town_and_name_and_its_members_replaced(personas):
    second = MemberFactory(name="周八", phone="13900008888")
    row = ("北京街工作室,固定工作室,越秀区,北京街道,,新地址1号,beijing_clerk,"
           "周八（13900008888）,是,否,是")
    report = import_rooms(xlsx_upload([HEADER.split(","), row.split(",")]))
    assert report.ok, report.lines()
    assert (report.created, report.updated) == (0, 1)
    personas.beijing_room.refresh_from_db()
    assert personas.beijing_room.address == "新地址1号"
    assert list(personas.beijing_room.members.all()) == [second]
    assert Workroom.objects.filter(name="北京街工作室").count() == 1


@pytest.mark.django_db
def test_headers_with_half_width_brackets_are_accepted(personas):
    header = HEADER.replace("（", "(").replace("）", ")")
    assert import_rooms(csv_upload(header, NEW_ROOM)).ok


@pytest.mark.django_db
def test_the_export_writes_names_and_labels_and_imports_back_unchanged(personas):
    exported = WorkroomResource(user=personas.city).export()
    rows = {row["名称"]: row for row in exported.dict}
    assert rows["华林街工作室"]["所在区"] == "荔湾区"
    assert rows["北京街工作室"]["驻室委员"] == "陈明"
    assert rows["北京街工作室"]["工作人员用户名"] == "beijing_clerk"
    assert rows["北京街工作室"]["类型"] == "固定工作室"
    upload = csv_upload(*exported.csv.strip().splitlines())
    report = import_rooms(upload, by=personas.city)
    assert report.ok, report.lines()
    assert report.created == 0 and Workroom.objects.count() == 2


@pytest.mark.django_db
def test_members_sharing_a_name_are_written_with_their_phone(personas):
    MemberFactory(name="陈明", phone="13900009999")
    exported = WorkroomResource(user=personas.city).export().dict
    room = next(row for row in exported if row["名称"] == "北京街工作室")
    assert room["驻室委员"] == f"陈明（{personas.member.phone}）"
