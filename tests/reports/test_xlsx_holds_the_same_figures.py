"""The .xlsx files open with openpyxl, have one sheet per section and hold the same figures
as the report."""

import io

import pytest
from openpyxl import load_workbook

from cases.rates import figures_of
from members.models import Committee
from reports.choices import DocumentKind
from reports.figures import report_figures
from reports.services import report_file_bytes

pytestmark = pytest.mark.django_db
SECTIONS = ["委员履职", "接待安排", "活动与来访", "群众诉求", "三率与办理时效", "工作室检查"]


def workbook(**kwargs):
    return load_workbook(io.BytesIO(report_file_bytes(year=2026, fmt="xlsx", **kwargs)))


def rows(sheet):
    return [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)]


def test_the_district_workbook_has_a_sheet_per_section_with_the_figures(yuexiu_year):
    f = report_figures(district=yuexiu_year.district, year=2026)
    book = workbook(kind=DocumentKind.DISTRICT, district=yuexiu_year.district)
    assert book.sheetnames == ["概况", *SECTIONS, "工作力量配备", "工作室经费"]  # 规范 第十六条
    members = {row[0]: row[1:] for row in rows(book["委员履职"])}
    assert members["区政协委员"] == (3, 1, 2, 1, "50.0%", 7)
    assert members["合计"] == (f["members"]["total"], 1, 4, 3, "75.0%", 11)
    receptions = {row[0]: row[1:] for row in rows(book["接待安排"])}
    assert receptions["1月"] == (2, 1) and receptions["合计"] == (8, 4)
    assert receptions["顺延"][0] == 3 and receptions["公告不足3天"][0] == 2
    activities = {row[0]: row[1:] for row in rows(book["活动与来访"])}
    assert activities["政策宣讲"] == (1, 30) and activities["合计"] == (4, 55)
    assert activities["来访群众（登记人数）"][0] == 4
    rates = {row[0]: row[1:] for row in rows(book["三率与办理时效"])}
    total = f["rates"]["total"]
    assert rates[f"全区（{total['name']}）"][:4] == (total["cases"], *(
        figures_of(total)["response"][k] if figures_of(total)["response"][k] is not None else "—"
        for k in ("value", "numerator", "denominator")))
    assert "响应率" in rates and "样本不足" in rates[f"全区（{total['name']}）"][-1]
    cases = {(row[0], row[1]): row[2] for row in rows(book["群众诉求"])}
    assert cases[("合计", "群众诉求")] == 10 and cases[("合计", "不予受理（第十一条）")] == 2
    assert cases[("办理途径（第十三条）", "（四）委员调研后提交提案或社情民意")] == 3
    assert cases[("不予受理告知的程序（第十一条）", "仲裁")] == 1
    assert cases[("由诉求形成（第十三条（四））", "提案")] == 1
    inspections = {row[0]: row[1] for row in rows(book["工作室检查"])}
    assert inspections["检查次数"] == 3 and inspections["评定：不合格"] == 1
    assert any(row[0] == "六榕工作室" and row[5] == "不合格" for row in rows(book["工作室检查"]))


def test_the_city_workbook_lists_every_district_and_the_citys_totals(yuexiu_year):
    book = workbook(kind=DocumentKind.CITY)
    assert book.sheetnames == ["报送情况", *SECTIONS, "工作力量配备"]
    members = {row[0]: row[1:] for row in rows(book["委员履职"])}
    assert len(members) == 12  # 11 districts and 全市
    assert members["越秀区"][:4] == (5, 1, 4, 3) and members["荔湾区"][:4] == (1, 0, 1, 0)
    assert members["全市"][:4] == (6, 1, 5, 3)
    cases = {row[0]: row[1] for row in rows(book["群众诉求"])}
    assert (cases["越秀区"], cases["荔湾区"], cases["全市"]) == (10, 1, 11)
    status = {row[0]: row[1] for row in rows(book["报送情况"])}
    assert status["越秀区"] == "未开始"


def test_the_committee_workbook_lists_its_members(yuexiu_year):
    book = workbook(kind=DocumentKind.COMMITTEE, committee=Committee.objects.get(name="经济委员会"))
    assert book.sheetnames == ["概况", "委员明细"]
    detail = rows(book["委员明细"])
    assert [row[0] for row in detail] == ["陈明"]
    overview = {}
    for row in rows(book["概况"]):
        overview.setdefault(row[0], row[1:])  # the kinds block comes before the quotas block
    assert overview["委员人数"][0] == 1 and overview["达到每年2次人数"][0] == 1
    assert overview["进社区（工作室）活动"][0] == 2  # records: 陈明's two visits
