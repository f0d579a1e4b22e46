"""`manage.py quota_status` prints every member's status as CSV, from the same engine."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from scoring.choices import DutyKind

from .conftest import record

pytestmark = pytest.mark.django_db


def _rows(**options):
    out = io.StringIO()
    call_command("quota_status", year=2026, stdout=out, **options)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_prints_each_members_counts_minimums_points_and_whether_behind(personas):
    record(DutyKind.PROPOSAL, personas.member)
    record(DutyKind.COMMUNITY_ACTIVITY, personas.member)
    rows = {row["委员"]: row for row in _rows()}
    chen = rows["陈明"]
    assert chen["层级"] == "市政协委员"
    assert (chen["提案-完成"], chen["提案-要求"]) == ("1", "1")
    assert (chen["进社区（工作室）活动-完成"], chen["进社区（工作室）活动-要求"]) == ("1", "2")
    assert chen["积分-专题协商"] == "10.0" and chen["是否未完成"] == "是"
    assert rows["李华"]["提案-要求"] == ""  # 区政协委员: not bound by 举措 三（一）


def test_district_option_keeps_that_districts_members(personas):
    assert [row["委员"] for row in _rows(district="荔湾区")] == ["李华"]


def test_an_unknown_district_is_refused_in_chinese(personas):
    with pytest.raises(CommandError, match="没有名为“火星区”的区"):
        _rows(district="火星区")
