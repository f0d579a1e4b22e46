"""规范 第五条: the roster carries each member's 任职日期 and 离任日期 (the yearly duty binds a
member for the part of the year they served). Dates are read as staff type them or as Excel
keeps them; a bad date is a numbered row error in Chinese and the file changes nothing; the
export writes both columns; every change is kept in the member's history."""

import datetime as dt

import pytest
from django.utils import timezone

from members.choices import MemberStatus
from members.models import Member
from members.resources import MemberResource

from .roster import csv_upload, import_members, xlsx_upload

HEADER = "姓名,委员层级,所属区,界别,常委,手机号码,状态,任职日期,离任日期"


def _row(name, phone, status="在任", joined="", left=""):
    return f"{name},区政协委员,越秀区,经济界,否,{phone},{status},{joined},{left}"


@pytest.mark.django_db
def test_dates_typed_in_the_usual_ways_are_imported(personas):
    report = import_members(csv_upload(
        HEADER,
        _row("王五", "13900001111", joined="2022-01-12"),
        _row("赵六", "13900002222", joined="2022/1/12", left="2026年6月30日", status="已离任"),
        _row("孙七", "13900003333", joined="２０２２．１．１２"),  # full-width, as an IME types it
    ))
    assert report.ok, report.lines()
    imported = Member.objects.filter(name__in=["王五", "赵六", "孙七"])
    assert set(imported.values_list("joined_on", flat=True)) == {dt.date(2022, 1, 12)}
    assert Member.objects.get(name="赵六").left_on == dt.date(2026, 6, 30)


@pytest.mark.django_db
def test_excel_dates_and_serial_numbers_are_read_as_days(personas):
    rows = [HEADER.split(","),
            _row("王五", "13900001111").split(","),
            _row("赵六", "13900002222").split(",")]
    rows[1][7] = dt.datetime(2022, 1, 12)  # a date cell
    rows[2][7] = 44573  # the same day, in a cell formatted as a number
    report = import_members(xlsx_upload(rows))
    assert report.ok, report.lines()
    imported = Member.objects.filter(name__in=["王五", "赵六"])
    assert set(imported.values_list("joined_on", flat=True)) == {dt.date(2022, 1, 12)}


@pytest.mark.django_db
def test_a_date_of_leaving_with_no_status_makes_the_member_one_who_left(personas):
    report = import_members(csv_upload(HEADER, _row("赵六", "13900002222", status="",
                                                     left="2026-06-30")))
    assert report.ok, report.lines()
    assert Member.objects.get(name="赵六").status == MemberStatus.LEFT


@pytest.mark.django_db
def test_bad_dates_are_row_errors_in_chinese_and_nothing_is_imported(personas):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    report = import_members(csv_upload(
        HEADER,
        _row("王五", "13900001111", joined="2022-01-12"),                       # row 2: fine
        _row("赵六", "13900002222", joined="2024-03-01", left="2023-06-30",
             status="已离任"),                                                  # row 3
        _row("孙七", "13900003333", joined=tomorrow.isoformat()),               # row 4
        _row("周八", "13900004444", joined="2022-02-30"),                       # row 5
        _row("吴九", "13900005555", joined="明年"),                             # row 6
        _row("郑十", "13900006666", left="2026-06-30", status="在任"),          # row 7
        _row("冯一", "13900007777", joined="1900-01-01"),                       # row 8
    ))
    assert not report.ok
    assert not Member.objects.filter(name="王五").exists()
    rows = {}
    for row, message in report.errors:
        rows[row] = rows.get(row, "") + message
    assert set(rows) == {3, 4, 5, 6, 7, 8}
    assert "离任日期不能早于任职日期" in rows[3]
    assert rows[4].startswith("任职日期：") and "不能晚于今天" in rows[4]
    assert "“2022-02-30”不是有效的日期" in rows[5]
    assert "“明年”不是有效的日期" in rows[6]
    assert "状态须为“已离任”" in rows[7]
    assert "不能早于1949年" in rows[8]


@pytest.mark.django_db
def test_the_export_writes_both_dates_and_the_change_is_in_the_history(personas):
    import_members(csv_upload(HEADER, _row("赵六", "13900002222", joined="2022-01-12")))
    report = import_members(csv_upload(HEADER, _row("赵六", "13900002222", status="已离任",
                                                     joined="2022-01-12", left="2026-06-30")))
    assert report.ok and report.updated == 1, report.lines()
    member = Member.objects.get(name="赵六")
    assert [(h.status, h.left_on) for h in member.history.order_by("history_id")] == [
        (MemberStatus.ACTIVE, None), (MemberStatus.LEFT, dt.date(2026, 6, 30))]
    data = MemberResource().export(queryset=Member.objects.filter(pk=member.pk))
    assert data.dict[0]["任职日期"] == "2022-01-12"
    assert data.dict[0]["离任日期"] == "2026-06-30"
