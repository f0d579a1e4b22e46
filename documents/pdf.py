"""PDF rendering for every Chinese document the product prints (WeasyPrint).

Fonts: a CJK font must be installed (fonts-wqy-microhei or fonts-noto-cjk) or every
Chinese character becomes a box; `tests/reports/test_pdf_fonts.py` checks it.
Nothing is fetched from outside: static files and media resolve to local paths.

Cost: every render stops at a time limit (`RenderTimeout`), and templates print long texts
cut (the `clip` filter, documents/templatetags/pdf_text.py).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import math
import os
import resource
import selectors
import signal
import stat
import struct
import threading
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
    runs in a forked child (a renderer): it starts at once with everything this process has
    imported and configured (no new interpreter, no django.setup), touches no database
    connection, and ends through os._exit, so nothing of the parent's is closed or flushed
    twice. A plain fork, not multiprocessing: a Celery pool process may not start
    multiprocessing children. A renderer lays out one PDF after another (forking a large
    worker for every PDF cost as much CPU as laying the PDF out: a day's reception notices
    are hundreds of PDFs in one worker); one that passes its limit, or whose caller is
    interrupted (a Celery soft time limit), is killed and the next call forks a new one.
    It also sets an alarm of its own for each PDF, and ends when its parent does (its
    request pipe closes), so it ends even if its parent is killed first (a Celery hard time
    limit). Fork needs Linux or macOS, where this runs.
    """
    _prepare_children()
    data = html.encode()
    renderer = _take_renderer()
    answer = _ask(renderer, data, seconds)
    if answer == b"" and renderer.renders:  # it had died while idle: once more, afresh
        renderer = _Renderer()
        answer = _ask(renderer, data, seconds)
    if answer is None:
        raise RenderTimeout(seconds)
    if not answer:  # the child ended without a word (killed, out of memory)
        raise RuntimeError(_("PDF 生成进程意外退出。"))
    _give_back(renderer)
    if answer[:1] != PDF_DONE:
        raise RuntimeError(answer[1:].decode())
    return answer[1:]


def _ask(renderer: _Renderer, data: bytes, seconds: float) -> bytes | None:
    try:
        answer = renderer.render(data, seconds)
    except BaseException:
        renderer.kill()  # interrupted mid-render: its late answer must not reach another
        raise
    if not answer:  # None past the deadline, b"" when it ended without a word
        renderer.kill()
    return answer


# A renderer lays out at most this many PDFs, and none after it has grown by this much
# beyond the parent it copied (a 72-page report took 420 MiB): it then ends and the next
# call forks a fresh one.
RENDERS_PER_CHILD = 200
CHILD_GROWTH_KIB = 200 * 1024
_IDLE_RENDERERS = 2  # kept between calls; concurrent calls (threads) fork more
_idle: list[_Renderer] = []
_idle_lock = threading.Lock()


def _take_renderer() -> _Renderer:
    with _idle_lock:
        while _idle:
            renderer = _idle.pop()
            if renderer.usable():
                return renderer
            renderer.close()
    return _Renderer()


def _give_back(renderer: _Renderer) -> None:
    if renderer.retiring:
        renderer.close()
        return
    with _idle_lock:
        if len(_idle) < _IDLE_RENDERERS:
            _idle.append(renderer)
            return
    renderer.close()


def _what_the_child_reads() -> tuple:
    """The settings a renderer's fetcher reads (documents.pdf.local_url_fetcher): one forked
    under other values (a test's override_settings) is not reused."""
    return (settings.STATIC_URL, settings.MEDIA_URL, str(settings.MEDIA_ROOT),
            tuple(map(str, settings.STATICFILES_DIRS)))


class _Renderer:
    """One child process laying out PDFs, asked through a pipe: a request is its time limit
    and the HTML; an answer is its length, whether the child ends after it, and PDF_DONE
    and the PDF or PDF_FAILED and the error."""

    def __init__(self):
        self.owner, self.reads, self.retiring = os.getpid(), _what_the_child_reads(), False
        self.renders = 0
        requests, self.requests = os.pipe()
        self.answers, answers = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.requests)
            os.close(self.answers)
            _child_serves(requests, answers)  # ends the child: never returns
        os.close(requests)
        os.close(answers)

    def usable(self) -> bool:
        """False in a process forked from the one that forked it (a Celery pool process
        started after a PDF): that copy must leave the child to its own parent."""
        if self.owner != os.getpid():
            self.owner = None  # not ours to kill or reap
            return False
        return self.reads == _what_the_child_reads()

    def render(self, html: bytes, seconds: float) -> bytes | None:
        """The answer; None at the deadline; b"" when the child ended without one."""
        deadline = time.monotonic() + seconds
        try:
            _write_all(self.requests, REQUEST.pack(seconds, len(html)) + html)
        except BrokenPipeError:
            return b""
        header = _read_exactly(self.answers, ANSWER.size, deadline)
        if not header or len(header) < ANSWER.size:
            return None if header is None else b""
        size, self.retiring = ANSWER.unpack(header)
        answer = _read_exactly(self.answers, size, deadline)
        if answer is not None and len(answer) < size:
            return b""
        self.renders += 1
        return answer

    def kill(self) -> None:
        """End it (idle, retiring, or past its limit: nothing to wait for) and reap it."""
        for fd in (self.requests, self.answers):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.owner != os.getpid():
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):  # reaped already
            pass

    close = kill


REQUEST = struct.Struct("!dQ")  # seconds, length of the HTML
ANSWER = struct.Struct("!Q?")  # length of the answer, the child ends after it


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


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


def _read_exactly(fd: int, size: int, deadline: float) -> bytes | None:
    """`size` bytes from `fd`; fewer if its writer closed it first; None at the deadline."""
    chunks, got = [], 0
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while got < size:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                return None
            chunk = os.read(fd, min(size - got, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    return b"".join(chunks)


def _child_serves(requests: int, answers: int) -> NoReturn:
    status = 1
    try:
        # What the parent had is never collected here: the child's collections then skip it
        # rather than walk (and so copy, page by page) the parent's whole heap.
        gc.freeze()
        for sig in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_DFL)
        _close_inherited(keep={requests, answers})
        copied = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with os.fdopen(requests, "rb") as inbox, os.fdopen(answers, "wb") as outbox:
            for done in range(1, RENDERS_PER_CHILD + 1):
                header = inbox.read(REQUEST.size)
                if len(header) < REQUEST.size:
                    break  # the parent closed the pipe or ended
                seconds, size = REQUEST.unpack(header)
                html = inbox.read(size).decode()
                signal.alarm(math.ceil(seconds) + 1)
                answer = _lay_out(html)
                signal.alarm(0)
                grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - copied
                retiring = done == RENDERS_PER_CHILD or grown > CHILD_GROWTH_KIB
                outbox.write(ANSWER.pack(len(answer), retiring) + answer)
                outbox.flush()
                if retiring:
                    break
        status = 0
    finally:
        os._exit(status)


def _lay_out(html: str) -> bytes:
    from weasyprint import HTML

    try:
        pdf = HTML(string=html, base_url="/", url_fetcher=local_url_fetcher()).write_pdf(
            font_config=_prepare_children()
        )
        return PDF_DONE + pdf
    except Exception as exc:  # noqa: BLE001 - told to the parent, which raises it
        return PDF_FAILED + f"{exc.__class__.__name__}: {exc}".encode()


def _close_inherited(*, keep: set[int]) -> None:
    """The parent's connections (database, cache, broker) and pipes (other renderers', a
    Celery pool's) stay the parent's: a renderer that lives on must not hold them open
    after the parent closed them, or keep another renderer from seeing its parent end."""
    for name in os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else []:
        fd = int(name)
        if fd <= 2 or fd in keep:
            continue
        with contextlib.suppress(OSError):
            mode = os.fstat(fd).st_mode
            if stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode):
                os.close(fd)
