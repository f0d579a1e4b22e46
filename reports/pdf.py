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


def local_url_fetcher():
    """A fetcher that serves static/ and media/ from disk and refuses everything else
    (intranets have no outside world, and a PDF must never call out)."""
    from weasyprint.urls import URLFetcher

    class LocalURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _local_path(url)
            if path is None:
                raise ValueError(f"refused to fetch {url!r}")
            return super().fetch(path.as_uri(), headers)

    return LocalURLFetcher(allowed_protocols={"file", "data"})


def _local_path(url: str) -> Path | None:
    for prefix, root in ((settings.STATIC_URL, None), (settings.MEDIA_URL, settings.MEDIA_ROOT)):
        marker = url.find(prefix)
        if marker == -1:
            continue
        relative = url[marker + len(prefix):].split("?")[0]
        if root is None:
            found = finders.find(relative)
            path = Path(found) if found else None
        else:
            path = (Path(root) / relative).resolve()
            if not path.is_relative_to(Path(root).resolve()):
                return None
        if path and path.is_file():
            return path.resolve()
    return None


def render_pdf(template: str, context: dict) -> bytes:
    """Render a Django template to A4 PDF bytes. Templates extend `reports/pdf_base.html`."""
    from weasyprint import HTML

    html = render_to_string(template, {"cjk_font": CJK_FONT_FAMILY, **context})
    return HTML(string=html, base_url="/", url_fetcher=local_url_fetcher()).write_pdf()
