"""A workroom file with bad rows changes nothing and lists every bad row."""

import pytest

from workrooms.models import Workroom

from ..factories import MemberFactory
from .test_workroom_roster_import import HEADER, NEW_ROOM, csv_upload, import_rooms


@pytest.mark.django_db
def test_each_bad_workroom_row_is_listed_and_nothing_changes(personas):
    MemberFactory(name="陈明", phone="13900009999")  # a second 陈明: the name is ambiguous
    report = import_rooms(csv_upload(
        HEADER,
        NEW_ROOM.replace(",陈明,", ",陈明（13900009999）,"),                   # row 2: fine
        "甲工作室,固定工作室,越秀区,火星街道,,,,,是,否,是",                     # row 3
        "乙工作室,固定工作室,越秀区,华林街道,,,,,是,否,是",                     # row 4
        "丙工作室,临时工作室,越秀区,北京街道,,,nobody_here,,是,否,是",          # row 5
        "丁工作室,固定工作室,越秀区,北京街道,,,,王二麻,是,否,是",               # row 6
        "戊工作室,固定工作室,越秀区,北京街道,,,,陈明,是,否,是",                 # row 7
        NEW_ROOM,                                                            # row 8
        ",固定工作室,越秀区,北京街道,,,,,也许,否,是",                           # row 9
    ))
    assert not report.ok
    rows = {}
    for row, message in report.errors:
        rows[row] = rows.get(row, "") + message
    assert sorted(rows) == [3, 4, 5, 6, 7, 8, 9]
    assert "未知的镇（街）“火星街道”" in rows[3]
    assert "“华林街道”不在越秀区" in rows[4]
    assert "类型" in rows[5] and "“临时工作室”不是可选值" in rows[5]
    assert "未知的工作人员用户名“nobody_here”" in rows[5]
    assert "找不到委员“王二麻”" in rows[6]
    assert "有多名委员叫“陈明”" in rows[7]
    assert "与第2行重复" in rows[8]
    assert "名称：" in rows[9] and "“也许”无法识别" in rows[9]
    assert not Workroom.objects.filter(name="流花委员工作室").exists()
    assert Workroom.objects.count() == 2
