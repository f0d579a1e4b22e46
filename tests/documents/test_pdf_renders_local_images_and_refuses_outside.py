"""PDFs fetch static and media files from disk and never call out (intranets; safety)."""

import io

import pytest
from django.template import engines

from documents import pdf


def _render(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url="/", url_fetcher=pdf.local_url_fetcher()).write_pdf()


def test_a_media_image_is_embedded(settings):
    from pathlib import Path

    from PIL import Image
    from pypdf import PdfReader

    Path(settings.MEDIA_ROOT, "t").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (20, 20), "red").save(Path(settings.MEDIA_ROOT, "t", "red.png"))
    data = _render('<p>图片</p><img src="/media/t/red.png" style="width:40px">')
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert "图片" in page.extract_text()
    assert page["/Resources"].get("/XObject")  # the picture is in the page


def test_a_static_file_resolves_to_disk():
    assert pdf._local_path("/static/img/logo.svg").name == "logo.svg"


def test_an_outside_address_is_refused(caplog):
    _render('<img src="http://example.com/x.png">')
    messages = [r.getMessage() for r in caplog.records]
    assert any("refused" in m or "example.com" in m for m in messages)


@pytest.mark.parametrize("url", ["/media/../../etc/passwd", "/media/%2e%2e/secret"])
def test_media_paths_cannot_climb_out(url):
    assert pdf._local_path(url) is None


def test_render_pdf_uses_the_base_template():
    engines["django"].from_string("")  # template engine is configured
    data = pdf.render_pdf("documents/pdf_base.html", {"title": "标题"})
    assert data.startswith(b"%PDF")
