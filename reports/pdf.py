"""PDF rendering for every Chinese document the product prints (WeasyPrint).

Fonts: a CJK font must be installed (fonts-wqy-microhei or fonts-noto-cjk) or every
Chinese character becomes a box; `tests/reports/test_pdf_fonts.py` checks it.
Nothing is fetched from outside: static files and media resolve to local paths.

Cost: every render stops at a time limit (`RenderTimeout`), and templates print long texts
cut (the `clip` filter, reports/templatetags/pdf_text.py).
"""

from __future__ import annotations

import math
import multiprocessing
import signal
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

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


class RenderTimeout(Exception):
    """A render passed its time limit and was stopped."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(_("PDF 生成超过%(seconds)s秒，已停止。") % {"seconds": seconds})


def render_pdf(template: str, context: dict, *, seconds: float | None = None) -> bytes:
    """Render a Django template to A4 PDF bytes within `seconds` (settings.PDF_TIME_LIMIT
    unless given), or raise RenderTimeout. Templates extend `reports/pdf_base.html`."""
    html = render_to_string(template, {"cjk_font": CJK_FONT_FAMILY, **context})
    return write_pdf(html, seconds=seconds or settings.PDF_TIME_LIMIT)


def write_pdf(html: str, *, seconds: float) -> bytes:
    """The PDF of `html`, laid out in a child process that is killed at `seconds`.

    WeasyPrint has no time limit of its own and a thread cannot be stopped, so the layout
    runs in a forked child: it starts at once with everything this process has imported
    and configured (no new interpreter, no django.setup), touches no database connection,
    and ends through os._exit, so nothing of the parent's is closed or flushed twice. The
    child also sets an alarm of its own, so it ends even if its parent is killed first
    (a Celery hard time limit). Fork needs Linux or macOS, which is where this runs.
    """
    import weasyprint  # noqa: F401 - imported here once, so each child starts with it

    fork = multiprocessing.get_context("fork")
    receiver, sender = fork.Pipe(duplex=False)
    child = fork.Process(target=_write_pdf_child, args=(html, sender, seconds), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise RenderTimeout(seconds)
        ok, result = receiver.recv()
    except EOFError:  # the child died without a word (killed, out of memory)
        raise RuntimeError(_("PDF 生成进程意外退出。")) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if not ok:
        raise RuntimeError(result)
    return result


def _write_pdf_child(html: str, sender, seconds: float) -> None:
    from weasyprint import HTML

    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.alarm(math.ceil(seconds) + 1)
    try:
        pdf = HTML(string=html, base_url="/", url_fetcher=local_url_fetcher()).write_pdf()
    except Exception as exc:  # noqa: BLE001 - told to the parent, which raises it
        sender.send((False, f"{exc.__class__.__name__}: {exc}"))
    else:
        sender.send((True, pdf))
