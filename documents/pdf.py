"""PDF rendering for every Chinese document the product prints (WeasyPrint).

Fonts: a CJK font must be installed (fonts-wqy-microhei or fonts-noto-cjk) or every
Chinese character becomes a box; `tests/reports/test_pdf_fonts.py` checks it.
Nothing is fetched from outside: static files and media resolve to local paths.

Cost: every render stops at a time limit (`RenderTimeout`), and templates print long texts
cut (the `clip` filter, documents/templatetags/pdf_text.py).
"""

from __future__ import annotations

import functools
import gc
import math
import os
import selectors
import signal
import time
from pathlib import Path
from typing import NoReturn

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
    unless given), or raise RenderTimeout. Templates extend `documents/pdf_base.html`."""
    html = render_to_string(template, {"cjk_font": CJK_FONT_FAMILY, **context})
    return write_pdf(html, seconds=seconds or settings.PDF_TIME_LIMIT)


def write_pdf(html: str, *, seconds: float) -> bytes:
    """The PDF of `html`, laid out in a child process that is killed at `seconds`.

    WeasyPrint has no time limit of its own and a thread cannot be stopped, so the layout
    runs in a forked child: it starts at once with everything this process has imported
    and configured (no new interpreter, no django.setup), touches no database connection,
    and ends through os._exit, so nothing of the parent's is closed or flushed twice. A
    plain fork, not multiprocessing: a Celery pool process may not start multiprocessing
    children. The child also sets an alarm of its own, so it ends even if its parent is
    killed first (a Celery hard time limit). Fork needs Linux or macOS, where this runs.
    """
    _prepare_children()
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(readable)
        _child_writes_pdf(html, writable, seconds)  # ends the child: never returns
    os.close(writable)
    answer = None
    try:
        answer = _read_until_closed(readable, deadline=time.monotonic() + seconds)
    finally:
        os.close(readable)
        _end_child(pid, still_working=answer is None)
    if answer is None:
        raise RenderTimeout(seconds)
    if not answer:  # the child ended without a word (killed, out of memory)
        raise RuntimeError(_("PDF 生成进程意外退出。"))
    if answer[:1] != PDF_DONE:
        raise RuntimeError(answer[1:].decode())
    return answer[1:]


@functools.cache
def _prepare_children():
    """Once per process: WeasyPrint imported and its fonts found and loaded by laying out
    one line of Chinese here, so that every child starts with them instead of loading
    them again for each PDF (a day's reception notices are hundreds of PDFs in one
    worker). The line is fixed and short: its layout needs no time limit. Returns the
    font configuration the children lay out with."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    HTML(string=f"<p style='font-family: {CJK_FONT_FAMILY}'>公告</p>").write_pdf(
        font_config=fonts
    )
    return fonts


PDF_DONE, PDF_FAILED = b"1", b"0"  # the first byte the child writes; the PDF or error follows


def _read_until_closed(fd: int, *, deadline: float) -> bytes | None:
    """Everything written to `fd` until its writer closes it, or None at the deadline."""
    chunks = []
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while (left := deadline - time.monotonic()) > 0:
            if selector.select(left):
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)
    return None


def _end_child(pid: int, *, still_working: bool) -> None:
    """Kill the child if it has not finished (past the deadline, or the parent was
    interrupted, e.g. by a Celery soft time limit), and reap it."""
    try:
        if still_working:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):  # reaped already
        pass


def _child_writes_pdf(html: str, fd: int, seconds: float) -> NoReturn:
    status = 1
    try:
        # What the parent had is never collected here: the child's collections then skip it
        # rather than walk (and so copy, page by page) the parent's whole heap.
        gc.freeze()
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(math.ceil(seconds) + 1)
        from weasyprint import HTML

        try:
            pdf = HTML(string=html, base_url="/", url_fetcher=local_url_fetcher()).write_pdf(
                font_config=_prepare_children()
            )
            answer = PDF_DONE + pdf
        except Exception as exc:  # noqa: BLE001 - told to the parent, which raises it
            answer = PDF_FAILED + f"{exc.__class__.__name__}: {exc}".encode()
        with os.fdopen(fd, "wb") as out:
            out.write(answer)
        status = 0
    finally:
        os._exit(status)
