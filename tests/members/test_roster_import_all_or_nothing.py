"""A file with any bad row changes nothing and lists EVERY bad row, numbered as in Excel
(header = row 1), with a reason in Chinese."""

import pytest

from members.models import Member

from ..factories import MemberFactory
from .roster import MEMBER_HEADER, csv_upload, import_members

GOOD = "王五,市政协委员,越秀区,经济界,经济委员会,否,14,某公司,经理,13900001111,,在任"


def messages_by_row(report) -> dict[int, str]:
    rows: dict[int, str] = {}
    for row, message in report.errors:
        rows[row] = rows.get(row, "") + message
    return rows


@pytest.mark.django_db
def test_a_file_with_bad_rows_changes_nothing_and_names_each_bad_row(personas):
    before = list(Member.objects.values_list("pk", "name", "post"))
    report = import_members(csv_upload(
        MEMBER_HEADER,
        GOOD,                                                             # row 2: fine
        "孙七,区政协委员,火星区,教育界,,否,,,,13900003333,,",               # row 3
        "周八,区政协委员,越秀区,无此界别,,否,,,,13900004444,,",             # row 4
        "吴九,区政协委员,越秀区,教育界,,否,,,,12345,,",                     # row 5
        ",区政协委员,越秀区,教育界,,否,,,,13900005555,,",                   # row 6
        "郑十,常务委员,越秀区,教育界,,否,,,,13900006666,,",                 # row 7
        "冯一,区政协委员,越秀区,教育界,经济委员会,否,,,,13900007777,,",     # row 8
        "陈二,市政协委员,越秀区,教育界,无此委员会,否,,,,13900008888,,",     # row 9
        GOOD,                                                             # row 10
        "褚三,区政协委员,越秀区,教育界,,否,,,,,,",                          # row 11
    ))
    assert not report.ok
    assert Member.objects.filter(name="王五").count() == 0
    assert list(Member.objects.values_list("pk", "name", "post")) == before
    rows = messages_by_row(report)
    assert sorted(rows) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "未知的区“火星区”" in rows[3]
    assert "未知的界别“无此界别”" in rows[4]
    assert "手机号码" in rows[5] and "电话号码格式不正确" in rows[5]
    assert rows[6].startswith("姓名：")
    assert "委员层级" in rows[7] and "不是可选值" in rows[7]
    assert "只有市政协委员可以归属专门委员会" in rows[8]
    assert "未知的专门委员会“无此委员会”" in rows[9]
    assert "与第2行重复" in rows[10]
    assert "必须填写手机号码" in rows[11]
    assert "未导入" in report.summary()


@pytest.mark.django_db
def test_a_member_already_on_the_roster_outside_the_importers_reach_is_a_duplicate(personas):
    """Updating by natural key is allowed in scope; a key held by a member the importer
    cannot see is refused by the model's own unique constraint."""
    MemberFactory(name="王五", phone="13900001111", district=personas.other_member.district)
    report = import_members(csv_upload(MEMBER_HEADER, GOOD), by=personas.yuexiu_staff)
    assert not report.ok
    assert any("不能重复登记" in message for _, message in report.errors)


@pytest.mark.django_db
def test_blank_lines_are_skipped_but_row_numbers_stay_those_of_the_sheet(personas):
    report = import_members(csv_upload(
        MEMBER_HEADER, "", GOOD, ",,,,,,,,,,,",
        "孙七,区政协委员,火星区,教育界,,否,,,,13900003333,,",
    ))
    assert [row for row, _ in report.errors] == [5]


@pytest.mark.django_db
def test_a_missing_required_column_refuses_the_whole_file_at_row_1(personas):
    upload = csv_upload("姓名,委员层级,手机号码,备注栏", "王五,市政协委员,13900001111,x")
    report = import_members(upload)
    assert not report.ok
    (row, message), = report.errors
    assert row is None and "缺少必填的列：界别" in message and "无法识别的列：备注栏" in message
