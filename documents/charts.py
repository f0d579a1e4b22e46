"""Charts drawn on the server as SVG, so the page and the PDF show the same picture."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif"
COLOURS = ("#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f")


def bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str = "",
    width: int = 640,
    bar_height: int = 18,
    label_width: int = 150,
) -> str:
    """Horizontal grouped bars: one group per label, one bar per series. Returns <svg>.
    `label_width` is the room left of the bars for the labels (long Chinese labels)."""
    left, right, top = label_width, 60, 30 if title else 10
    groups = len(labels)
    per_group = max(1, len(series)) * bar_height + 10
    legend = 22 if len(series) > 1 else 0
    height = top + groups * per_group + legend + 10
    peak = max((v for _, values in series for v in values), default=0) or 1
    scale = (width - left - right) / peak
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="12">'
    ]
    if title:
        parts.append(
            f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14">'
            f"{escape(title)}</text>"
        )
    for g, label in enumerate(labels):
        y0 = top + g * per_group
        parts.append(
            f'<text x="{left - 6}" y="{y0 + per_group / 2}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(str(label))}</text>'
        )
        for s, (_, values) in enumerate(series):
            value = values[g] if g < len(values) else 0
            y = y0 + s * bar_height
            w = max(0.0, value * scale)
            parts.append(
                f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_height - 3}" '
                f'fill="{COLOURS[s % len(COLOURS)]}"/>'
                f'<text x="{left + w + 4:.1f}" y="{y + bar_height / 2}" '
                f'dominant-baseline="middle">{_fmt(value)}</text>'
            )
    if legend:
        y = height - legend
        for s, (name, _) in enumerate(series):
            x = left + s * 140
            parts.append(
                f'<rect x="{x}" y="{y}" width="12" height="12" fill="{COLOURS[s % len(COLOURS)]}"/>'
                f'<text x="{x + 16}" y="{y + 10}">{escape(name)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
