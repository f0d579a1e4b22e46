"""规范 第八条: the poster a workroom puts on its wall and on the community's notice boards
gives each serving member's name, work unit and post and the year's reception plan, in
Chinese with a CJK font really embedded (without one every character is a box)."""

import io

from pypdf import PdfReader

from .poster import needs_poppler, pdf_fonts, pdf_text, poster_get, poster_room

pytestmark = needs_poppler
A4, A3 = (595, 842), (842, 1191)  # points


def size_of(content: bytes) -> tuple[int, int]:
    page = PdfReader(io.BytesIO(content)).pages[0]
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def test_the_poster_names_the_members_their_units_posts_and_the_plan_dates(
        client, personas, today, tmp_path):
    response = poster_get(client, personas.beijing_clerk, poster_room(personas))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    assert "北京街工作室" in text and "驻室政协委员" in text and "2026年度接待安排" in text
    for name, unit, post in (("陈明", "广州市第一人民医院", "副院长"),
                             ("王芳", "越秀区北京街道办事处", "副主任")):
        assert name in text and unit in text and post in text
    for day in ("2026年1月15日", "2026年3月16日", "2026年11月16日"):
        assert day in text, day
    assert "2026年5月15日" not in text  # the cancelled reception is not announced
    assert "第八条" in text


def test_every_font_of_the_poster_is_an_embedded_cjk_font(client, personas, today, tmp_path):
    content = poster_get(client, personas.beijing_clerk, poster_room(personas)).content

    fonts = pdf_fonts(content, tmp_path)
    assert fonts
    for line in fonts:
        assert ("WenQuanYi" in line or "Noto" in line) and " yes " in line, line
    assert "□" not in pdf_text(content, tmp_path)


def test_the_poster_is_a4_unless_a3_is_asked_for(client, personas, today):
    room = poster_room(personas)

    assert size_of(poster_get(client, personas.beijing_clerk, room).content) == A4
    a3 = poster_get(client, personas.beijing_clerk, room, size="a3")
    assert size_of(a3.content) == A3
    assert "A3" in a3["Content-Disposition"]
