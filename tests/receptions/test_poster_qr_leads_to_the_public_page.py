"""规范 第八条: the poster's QR code leads to the workroom's public page (its members and
reception plan on the web site), as an absolute address of the public site."""

import shutil
import subprocess

import pytest

from receptions import poster as poster_module
from receptions.poster import poster_build

from .poster import needs_poppler, pdf_text, poster_get, poster_room

PUBLIC = "https://wyjsq.gzzx.example.cn"


@pytest.fixture
def public_site(settings):
    settings.PUBLIC_BASE_URL = PUBLIC + "/"


def test_the_qr_code_is_drawn_from_the_public_page_address(personas, public_site, monkeypatch):
    drawn = []
    monkeypatch.setattr(poster_module, "qr_svg", lambda text: drawn.append(text) or "<svg/>")
    room = personas.beijing_room

    poster_module.poster_pdf(poster_build(workroom=room, year=2026))

    assert drawn == [f"{PUBLIC}/workrooms/{room.pk}/"]


@needs_poppler
def test_the_printed_address_under_the_qr_code_is_the_public_page(
        client, personas, public_site, today, tmp_path):
    room = poster_room(personas)

    text = pdf_text(poster_get(client, personas.beijing_clerk, room).content, tmp_path)

    assert f"{PUBLIC}/workrooms/{room.pk}/" in text
    assert "扫码查看工作室委员名单及年度接待安排" in text


@pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
                    reason="zbar-tools or poppler-utils missing: no QR decoder")
def test_the_qr_code_decodes_to_the_public_page(client, personas, public_site, today, tmp_path):
    room = poster_room(personas)
    (tmp_path / "poster.pdf").write_bytes(poster_get(client, personas.beijing_clerk, room).content)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "poster.pdf"),
                    str(tmp_path / "poster")], check=True)

    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                              str(tmp_path / "poster.png")],
                             capture_output=True, text=True, check=True).stdout.split()

    assert decoded == [f"{PUBLIC}/workrooms/{room.pk}/"]
