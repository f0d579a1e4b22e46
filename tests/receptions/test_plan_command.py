"""python manage.py plan_receptions --year YYYY [--district NAME] prints the plan as CSV."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from receptions.models import Reception


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("plan_receptions", *args, stdout=out, stderr=err)
    return list(csv.reader(io.StringIO(out.getvalue()))), err.getvalue()


def test_the_command_prints_workroom_nominal_date_actual_date_and_reason(personas, today):
    rows, _ = run("--year", "2027")

    assert rows[0][:4] == ["工作室", "规定日期", "实际日期", "顺延原因"]
    assert ["北京街工作室", "2027-05-15", "2027-05-17", "2027-05-15 为周六，顺延至 2027-05-17"] in [
        r[:4] for r in rows
    ]
    assert Reception.objects.count() == 12


def test_the_command_warns_on_stderr_when_the_year_is_not_covered(personas, today):
    _, err = run("--year", "2027")

    assert "2027年的法定节假日和调休安排尚未录入" in err


def test_the_command_plans_one_district(personas, today):
    rows, _ = run("--year", "2027", "--district", "荔湾区")

    assert {row[0] for row in rows[1:]} == {"华林街工作室"}


def test_running_the_command_twice_creates_nothing_twice(personas, today):
    run("--year", "2027")
    rows, _ = run("--year", "2027")

    assert Reception.objects.count() == 12
    assert {row[4] for row in rows[1:]} == {"无变化"}


def test_an_unknown_district_is_refused_in_chinese(personas, today):
    with pytest.raises(CommandError, match="找不到名为“海珠”的区"):
        run("--year", "2027", "--district", "海珠")
