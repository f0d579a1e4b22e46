"""District staff import and export only their own district's members."""

import pytest

from members.models import ImportRun, Member
from members.resources import MemberResource

from .roster import MEMBER_HEADER, csv_upload, import_members

YUEXIU_ROW = "王五,区政协委员,越秀区,教育界,,否,,,,13900001111,,"
LIWAN_ROW = "赵六,区政协委员,荔湾区,教育界,,否,,,,13900002222,,"


@pytest.mark.django_db
def test_district_staff_import_their_own_districts_members(personas):
    report = import_members(csv_upload(MEMBER_HEADER, YUEXIU_ROW), by=personas.yuexiu_staff)
    assert report.ok, report.lines()
    assert Member.objects.get(name="王五").district.name == "越秀区"


@pytest.mark.django_db
def test_a_row_of_another_district_is_a_row_error_and_nothing_is_imported(personas):
    report = import_members(
        csv_upload(MEMBER_HEADER, YUEXIU_ROW, LIWAN_ROW), by=personas.yuexiu_staff
    )
    assert not report.ok
    assert report.errors == [(3, "所属区：您只能导入本区（越秀区）的委员。")]
    assert not Member.objects.filter(name__in=["王五", "赵六"]).exists()


@pytest.mark.django_db
def test_district_staff_cannot_update_a_member_of_another_district(personas):
    other = personas.other_member  # 李华, 荔湾区
    row = f"李华,区政协委员,越秀区,经济界,,否,,,改过的职务,{other.phone},,"
    report = import_members(csv_upload(MEMBER_HEADER, row), by=personas.yuexiu_staff)
    assert not report.ok
    assert any("不能重复登记" in message for _, message in report.errors)
    other.refresh_from_db()
    assert other.district.name == "荔湾区" and other.post != "改过的职务"


@pytest.mark.parametrize("persona", ["beijing_clerk", "economy_staff", "member_user", "nobody"])
@pytest.mark.django_db
def test_roles_without_the_right_to_add_members_are_refused(personas, persona):
    report = import_members(csv_upload(MEMBER_HEADER, YUEXIU_ROW), by=getattr(personas, persona))
    assert not report.ok and "没有导入" in report.errors[0][1]
    assert not Member.objects.filter(name="王五").exists()
    assert ImportRun.objects.filter(ok=False).count() == 1


@pytest.mark.django_db
def test_the_export_of_district_staff_never_holds_another_districts_member(personas):
    exported = MemberResource(user=personas.yuexiu_staff).export().dict
    names = {row["姓名"] for row in exported}
    assert "陈明" in names and "李华" not in names
