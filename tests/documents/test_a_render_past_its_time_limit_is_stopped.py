"""WeasyPrint has no time limit of its own: every PDF is laid out in a child process that
is killed at the limit, so a render that would run for minutes ends at once with a
Chinese message and leaves nothing running behind."""

import os
import time
from pathlib import Path

import pytest

from documents.pdf import RenderTimeout, write_pdf

# 20,000 letters that may break anywhere in an auto-sized table cell: minutes of layout.
SLOW = (
    "<table style='width:100%'><tr><td>1</td>"
    f"<td style='overflow-wrap:anywhere'>{'x' * 20_000}</td></tr></table>"
)


def children() -> list[int]:
    """This process's child processes (Linux /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        if fields.get("PPid", "").strip() == str(os.getpid()):
            found.append(int(status.parent.name))
    return found


def test_a_slow_render_stops_at_its_limit_with_a_chinese_message():
    write_pdf("<p>预热</p>", seconds=30)  # the first call imports WeasyPrint
    before = children()
    started = time.monotonic()
    with pytest.raises(RenderTimeout) as stopped:
        write_pdf(SLOW, seconds=1)
    assert time.monotonic() - started < 5
    assert str(stopped.value) == "PDF 生成超过1秒，已停止。"
    assert set(children()) <= set(before)  # its renderer was killed and reaped


def test_a_render_after_a_stopped_one_gives_the_pdf_and_leaves_one_renderer_waiting():
    with pytest.raises(RenderTimeout):
        write_pdf(SLOW, seconds=1)
    before = set(children())

    assert write_pdf("<p>公告</p>", seconds=30).startswith(b"%PDF")
    assert write_pdf("<p>通知</p>", seconds=30).startswith(b"%PDF")
    assert len(set(children()) - before) == 1  # forked once, reused


def test_a_render_within_its_limit_gives_the_pdf():
    assert write_pdf("<p>公告</p>", seconds=30).startswith(b"%PDF")
