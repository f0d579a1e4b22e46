"""The printable A4 notice (规范 第九条) is in Chinese with real glyphs: its text extracts and
a CJK font is embedded (without one WeasyPrint silently prints boxes, ENVIRONMENT.md)."""

import datetime as dt
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from receptions.services import notice_publish_due

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


@pytest.fixture
def notice(reception):
    [notice] = notice_publish_due(today=dt.date(2026, 11, 13))
    return notice


def test_the_notice_pdf_text_gives_time_place_and_members_in_chinese(notice):
    text = subprocess.run(
        ["pdftotext", "-layout", notice.pdf.path, "-"], capture_output=True, text=True, check=True
    ).stdout

    assert "公" in text and "告" in text
    assert "2026年11月16日（周一）09:00—11:30" in text
    assert "北京街党群服务中心二楼" in text
    assert "陈明" in text
    assert "扫码查看工作室委员名单及年度接待安排" in text


def test_the_notice_pdf_embeds_a_cjk_font(notice):
    fonts = subprocess.run(
        ["pdffonts", notice.pdf.path], capture_output=True, text=True, check=True
    ).stdout

    cjk = [
        line
        for line in fonts.splitlines()
        if "WenQuanYi" in line or "NotoSansCJK" in line or "NotoSans" in line
    ]
    assert cjk, fonts
    assert all(" yes " in line for line in cjk)  # the emb column


def test_the_notice_pdf_is_one_a4_page(notice):
    reader = PdfReader(notice.pdf.path)

    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)
