"""PDF rendering for every Chinese document the product prints (WeasyPrint).

Fonts: a CJK font must be installed (fonts-wqy-microhei or fonts-noto-cjk) or every
Chinese character becomes a box; `tests/reports/test_pdf_fonts.py` checks it.
Nothing is fetched from outside: static files and media resolve to local paths.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

CJK_FONT_FAMILY = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif'


def local_url_fetcher(url: str, *args, **kwargs):
    """Serve static/ and media/ from disk; refuse everything else (intranets, and safety)."""
    from weasyprint.urls import default_url_fetcher

    for prefix, resolve in (
        (settings.STATIC_URL, lambda rel: finders.find(rel)),
        (settings.MEDIA_URL, lambda rel: str(Path(settings.MEDIA_ROOT) / rel)),
    ):
        marker = url.find(prefix)
        if marker != -1 and (url.startswith("file:") or url.startswith(prefix) or "://" not in url[:marker]):
            path = resolve(url[marker + len(prefix):])
            if path and Path(path).is_file():
                return default_url_fetcher(Path(path).resolve().as_uri())
    if url.startswith("data:"):
        return default_url_fetcher(url)
    raise ValueError(f"refused to fetch {url!r}")


def render_pdf(template: str, context: dict) -> bytes:
    """Render a Django template to A4 PDF bytes. Templates extend `reports/pdf_base.html`."""
    from weasyprint import HTML

    html = render_to_string(template, {"cjk_font": CJK_FONT_FAMILY, **context})
    return HTML(string=html, base_url="/", url_fetcher=local_url_fetcher).write_pdf()
