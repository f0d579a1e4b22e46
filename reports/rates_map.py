"""A schematic tile map of Guangzhou's 11 districts (inline SVG) with one chosen 三率
figure per district, for the municipal office's page.

Each district is a labelled square placed roughly where it lies (north up), not its
outline: a map drawn from boundary data is a public map and falls under the standard-map
rules (《地图管理条例》, 标准地图), and no boundary data with a licence that allows it is
kept in the repository. The page says so under the map, and the table beside it carries
the same figures for a screen reader or a phone held upright.

Colours compare only districts whose figure reaches the minimum sample (本地设置
RATES_MIN_SAMPLE); the others are grey and marked 样本不足, those without cases 无数据.
"""

from __future__ import annotations

from django.utils.html import escape

from cases.rates import figures_of

# (column, row) of each district's tile, north at the top.
TILES = {
    "花都区": (1, 0), "从化区": (2, 0),
    "白云区": (1, 1), "增城区": (3, 1),
    "荔湾区": (0, 2), "越秀区": (1, 2), "天河区": (2, 2), "黄埔区": (3, 2),
    "海珠区": (1, 3),
    "番禺区": (1, 4),
    "南沙区": (1, 5),
}
SIZE, GAP, PAD = 72, 6, 6
SHADES = ["#e8f5e9", "#a5d6a7", "#66bb6a", "#2e7d32"]  # low → high (a darker tile: higher)
NOT_ENOUGH, NO_DATA = "#e0e0e0", "#ffffff"
MAP_NOTE = "示意图：各区按大致方位排列的方块，不表示行政区域界线和面积，非标准地图。"


def choose(code: str | None, definitions: list[dict]) -> dict:
    """The figure asked for (?figure=), or the first (响应率) when unknown."""
    return next((d for d in definitions if d["code"] == code), definitions[0])


def district_map(rates: dict, code: str) -> str:
    """The SVG of every district's `code` figure from a rates table by district."""
    by_name = {row["name"]: figures_of(row).get(code) for row in rates["rows"]}
    compared = sorted(f["value"] for f in by_name.values()
                      if f and f["enough"] and f["value"] is not None)
    label = next(d["name"] for d in rates["definitions"] if d["code"] == code)
    width = PAD * 2 + 4 * SIZE + 3 * GAP
    height = PAD * 2 + 6 * SIZE + 5 * GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-labelledby="rates-map-title" class="rates-map">'
             f'<title id="rates-map-title">{escape(f"各区{label}示意图")}</title>']
    for name, (col, row) in TILES.items():
        x, y = PAD + col * (SIZE + GAP), PAD + row * (SIZE + GAP)
        fill, text = _look(by_name.get(name), compared)
        parts.append(
            f'<g><rect x="{x}" y="{y}" width="{SIZE}" height="{SIZE}" rx="6" fill="{fill}" '
            f'stroke="#607d8b"/><text x="{x + SIZE / 2}" y="{y + 28}" text-anchor="middle" '
            f'font-size="15">{escape(name.removesuffix("区"))}</text>'
            f'<text x="{x + SIZE / 2}" y="{y + 52}" text-anchor="middle" font-size="13">'
            f'{escape(text)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _look(figure: dict | None, compared: list[float]) -> tuple[str, str]:
    if not figure or figure["value"] is None:
        return NO_DATA, "无数据"
    shown = f'{figure["value"]}{"%" if figure["unit"] == "%" else figure["unit"]}'
    if not figure["enough"]:
        return NOT_ENOUGH, "样本不足"
    rank = sum(1 for v in compared if v < figure["value"])  # districts below this one
    shade = SHADES[min(len(SHADES) - 1, rank * len(SHADES) // max(1, len(compared)))]
    return shade, shown


def legend() -> list[tuple[str, str]]:
    """(swatch class in reports.css, label): the colours of SHADES, NOT_ENOUGH, NO_DATA."""
    return [("low", "较低"), ("high", "较高"), ("few", "样本不足，不比较"), ("none", "无数据")]
