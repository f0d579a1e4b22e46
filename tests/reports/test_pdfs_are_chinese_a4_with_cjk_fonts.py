"""The PDFs (a district's report, the city summary, a committee's summary) are Chinese A4
with a title, page numbers, charts and the report's figures; every embedded font is a CJK
font, so no character falls back to a missing-glyph box."""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from members.models import Committee
from reports.choices import DocumentKind
from reports.services import report_file_bytes

pytestmark = pytest.mark.django_db
A4 = (595, 842)  # points


def pdf_text(content: bytes, tmp_path) -> str:
    """The text, with all white space removed (lines wrap; pdftotext drops some spaces)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return re.sub(r"\s+", "", text)


def flat(needle: str) -> str:
    return re.sub(r"\s+", "", needle)


def fonts(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    return [line for line in lines if line.strip()]


def assert_cjk_a4(content: bytes, tmp_path) -> PdfReader:
    found = fonts(content, tmp_path)
    assert found, "no fonts embedded"
    for line in found:
        assert ("WenQuanYi" in line or "Noto" in line) and " yes " in line, line
    reader = PdfReader(io.BytesIO(content))
    width, height = (round(float(v)) for v in reader.pages[0].mediabox.upper_right)
    assert (width, height) == A4
    return reader


def test_the_district_report_pdf_has_its_headings_figures_and_page_numbers(yuexiu_year,
                                                                          tmp_path):
    content = report_file_bytes(kind=DocumentKind.DISTRICT, year=2026, fmt="pdf",
                                district=yuexiu_year.district)
    reader = assert_cjk_a4(content, tmp_path)
    text = pdf_text(content, tmp_path)
    for heading in ("越秀区2026年度政协委员进社区履职情况报告", "委员进社区履职情况（规范 第五条）",
                    "接待安排（规范 第九条）", "活动与来访群众（规范 第十条）",
                    "群众诉求办理（规范 第十一、十三条）", "工作室检查（规范 第十五条）",
                    "工作力量配备（规范 第七条）", "主要成效", "存在问题", "下一步打算",
                    "各月接待：已举行与计划"):
        assert flat(heading) in text, heading
    assert flat("共受理群众诉求 10 件：办结 4 件，办理中 4 件，不予受理（第十一条） 2 件") in text
    assert flat("登记来访群众：4 人") in text
    assert flat("形成提案 1 件、社情民意信息 1 篇") in text
    assert "六榕工作室" in text and "不合格" in text
    assert flat(f"第 1 页 / 共 {len(reader.pages)} 页") in text
    assert "\ufffd" not in text and "□" not in text


def test_the_city_summary_pdf_puts_every_district_side_by_side(yuexiu_year, tmp_path):
    content = report_file_bytes(kind=DocumentKind.CITY, year=2026, fmt="pdf")
    assert_cjk_a4(content, tmp_path)
    text = pdf_text(content, tmp_path)
    assert "广州市2026年度各级政协委员进社区履职情况汇总" in text
    for name in ("越秀区", "荔湾区", "天河区", "从化区", "增城区", "全市"):
        assert name in text, name
    assert "各区委员进社区达标人数" in text and "群众诉求办理途径" in text
    assert flat("工作力量配备（规范 第七条）") in text and "六榕工作室（六榕街道）" in text
    assert "第1页/共" in text


def test_the_committee_summary_pdf(yuexiu_year, tmp_path):
    content = report_file_bytes(kind=DocumentKind.COMMITTEE, year=2026, fmt="pdf",
                                committee=Committee.objects.get(name="经济委员会"))
    assert_cjk_a4(content, tmp_path)
    text = pdf_text(content, tmp_path)
    assert "经济委员会2026年度委员联系群众工作汇总" in text
    assert flat("举措 四(一)") in text and "陈明" in text and "委员明细" in text
