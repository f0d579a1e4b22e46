"""Every row is checked before anything is written, and what is written is only what
changes: a member imported again as they are gets no new history row; a row whose
required cell is blank is a row error, not a failed save; if the database still refuses
the rows (someone saved the same member while the file was being checked), nothing of
the file is written and the user is told to import again."""

import pytest

from members.models import ImportRun, Member
from members.resources import MemberResource

from ..factories import MemberFactory
from .roster import MEMBER_HEADER, csv_upload, import_members

WANG = "王五,区政协委员,越秀区,教育界,,否,,,,13900001111,,"
ZHAO = "赵六,区政协委员,越秀区,教育界,,否,,,,13900002222,,"


@pytest.mark.django_db
def test_a_member_imported_again_unchanged_gets_no_new_history_row(personas):
    import_members(csv_upload(MEMBER_HEADER, WANG), by=personas.yuexiu_staff)
    report = import_members(csv_upload(MEMBER_HEADER, WANG), by=personas.yuexiu_staff)
    assert (report.ok, report.unchanged) == (True, 1)
    assert Member.objects.get(name="王五").history.count() == 1


@pytest.mark.django_db
def test_a_changed_member_gets_a_history_row_by_the_importer(personas):
    import_members(csv_upload(MEMBER_HEADER, WANG), by=personas.city)
    import_members(csv_upload(MEMBER_HEADER, WANG.replace(",,,,139", ",,,校长,139")),
                   by=personas.yuexiu_staff)
    latest = Member.objects.get(name="王五").history.first()
    assert (latest.post, latest.history_type, latest.history_user) == (
        "校长", "~", personas.yuexiu_staff)


@pytest.mark.django_db
def test_a_row_without_a_sector_is_a_row_error(personas):
    report = import_members(csv_upload(MEMBER_HEADER, WANG.replace("教育界", "")))
    assert not report.ok
    assert report.errors == [(2, "界别：必须填写界别。")]


@pytest.mark.django_db
def test_a_member_saved_meanwhile_by_someone_else_leaves_the_file_unwritten(personas,
                                                                           monkeypatch):
    checked = MemberResource.read_rows

    def checked_then_saved_by_someone_else(self, rows):
        read = checked(self, rows)
        MemberFactory(name="王五", phone="13900001111")
        return read

    monkeypatch.setattr(MemberResource, "read_rows", checked_then_saved_by_someone_else)
    report = import_members(csv_upload(MEMBER_HEADER, ZHAO, WANG))
    ((row, message),) = report.errors
    assert not report.ok and row is None and "保存失败" in message and "请重新导入" in message
    assert not Member.objects.filter(name="赵六").exists()
    assert Member.objects.filter(name="王五").count() == 1
    assert not ImportRun.objects.get().ok
