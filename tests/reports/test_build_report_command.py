"""python manage.py build_report --year YYYY (--district NAME | --city | --committee NAME)
--format pdf|xlsx --output PATH"""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_the_command_writes_a_district_xlsx(yuexiu_year, tmp_path):
    out = tmp_path / "越秀区.xlsx"
    call_command("build_report", "--year", "2026", "--district", "越秀区", "--format", "xlsx",
                 "--output", str(out), stdout=io.StringIO())
    book = load_workbook(out)
    assert "群众诉求" in book.sheetnames


def test_the_command_writes_the_city_summary_and_a_committee_pdf(yuexiu_year, tmp_path):
    city, committee = tmp_path / "city.xlsx", tmp_path / "sub" / "economy.pdf"
    call_command("build_report", "--year=2026", "--city", "--format=xlsx",
                 f"--output={city}", stdout=io.StringIO())
    call_command("build_report", "--year=2026", "--committee=经济委员会", "--format=pdf",
                 f"--output={committee}", stdout=io.StringIO())
    assert load_workbook(city).sheetnames[0] == "报送情况"
    assert committee.read_bytes().startswith(b"%PDF")


def test_an_unknown_district_or_committee_is_refused_in_chinese(db, tmp_path):
    with pytest.raises(CommandError, match="没有名为“火星区”的区"):
        call_command("build_report", "--year=2026", "--district=火星区", "--format=pdf",
                     f"--output={tmp_path / 'x.pdf'}")
    with pytest.raises(CommandError, match="专门委员会"):
        call_command("build_report", "--year=2026", "--committee=无此委员会", "--format=pdf",
                     f"--output={tmp_path / 'x.pdf'}")
    assert not (tmp_path / "x.pdf").exists()


def test_exactly_one_scope_is_required(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("build_report", "--year=2026", "--city", "--district=越秀区",
                     "--format=pdf", f"--output={tmp_path / 'x.pdf'}")
