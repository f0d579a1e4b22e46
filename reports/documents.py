"""The three documents (a district's report, the city summary, a committee's summary):
the data each is drawn from, its charts, and its PDF and .xlsx renderings.

`*_data` gathers plain JSON; `data_digest` hashes it (a kept file is reused while its data
is unchanged); `render_document` turns the data into bytes. The page, the Celery task and
the `build_report` command all go through these functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils import timezone

from documents.charts import bar_chart
from documents.pdf import render_pdf
from documents.xlsx import workbook_bytes
from members.models import Committee
from regions.models import District

from .budgets import district_budgets
from .choices import DisplayStatus, DocumentKind, FileFormat
from .committees import committee_figures
from .figures import (
    city_members,
    city_rates,
    figures_by_district,
    figures_total,
    report_figures,
)
from .models import DistrictReport, LiveCount, display_status
from .plans import committee_plan
from .sheets import city_sheets, committee_sheets, district_sheets

# Bump when a template or sheet layout changes, so kept files are drawn again.
LAYOUT_VERSION = "4"
NARRATIVE = (("achievements", "主要成效"), ("problems", "存在问题"), ("plans", "下一步打算"))


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def report_data(report: DistrictReport | None) -> dict:
    """Status and narrative of a district's report (figures apart)."""
    status = display_status(report)
    return {
        "status": status,
        "status_label": str(DisplayStatus(status).label),
        "submitted_at": _when(report.submitted_at) if report else "",
        "narrative": [
            {"key": key, "label": label, "text": getattr(report, key, "") if report else ""}
            for key, label in NARRATIVE
        ],
    }


# 立即更新 on a report page recounts what was counted longer ago than this, not more often:
# a recount reads a year of records, and anyone with the page could ask for it at will.
REFRESH_SECONDS = 60


def fresh_for(refresh: bool) -> int:
    """How old (seconds) the kept figures a page shows may be."""
    return REFRESH_SECONDS if refresh else settings.REPORT_LIVE_FIGURES_SECONDS


def kept(key: str, compute: Callable[[], dict], *, refresh: bool = False, force: bool = False
         ) -> tuple[dict, dt.datetime]:
    """(`compute()` as last counted, when): read from `LiveCount` while it is younger than
    REPORT_LIVE_FIGURES_SECONDS (`refresh`, a page's 立即更新: REFRESH_SECONDS), else
    counted now and kept; `force` (the beat job) counts now; REPORT_LIVE_FIGURES_SECONDS 0:
    always counted, nothing kept. A year of records takes seconds to count at Guangzhou's
    size (bench/README.md): the beat job recounts ahead of time (`count_live_figures`), so
    pages read what it counted, and losing the cache costs nothing."""
    if settings.REPORT_LIVE_FIGURES_SECONDS <= 0:
        return compute(), timezone.now()
    found = None if force else _fresh(key, refresh)
    return found or keep({key: compute()})[key]


def kept_table(key: str, compute: Callable[[], dict], number, *, size: int,
               refresh: bool = False) -> tuple[dict, list, Page]:
    """(a table as last counted without its rows, the rows of page `number`, that page): as
    `kept`, the table kept as one `LiveCount` row and its rows as one row a page of `size`,
    written together, so a page reads its rows and not the thousands of a district's
    members. `compute()` gives the table with all its rows, in the order shown."""
    if settings.REPORT_LIVE_FIGURES_SECONDS > 0 and (found := _fresh(key, refresh)):
        table = found[0]
        paged = Paginator(range(table["count"]), size).get_page(number)
        rows = LiveCount.objects.filter(key=f"{key}:{paged.number}").values_list(
            "data", flat=True).first()
        if rows is not None:
            return table, rows["rows"], paged
    counted = compute()
    every = counted.pop("rows")
    table, pages = {**counted, "count": len(every)}, Paginator(every, size)
    keep({key: table} | {f"{key}:{n}": {"rows": pages.page(n).object_list}
                         for n in pages.page_range})
    paged = Paginator(range(len(every)), size).get_page(number)
    return table, every[paged.start_index() - 1:paged.end_index()], paged


def _fresh(key: str, refresh: bool) -> tuple[dict, dt.datetime] | None:
    """The kept count of `key` if it is young enough for a page (see `fresh_for`)."""
    since = timezone.now() - dt.timedelta(seconds=fresh_for(refresh))
    return LiveCount.objects.filter(key=key, counted_at__gte=since).values_list(
        "data", "counted_at").first()


def keep(counted: dict[str, dict]) -> dict[str, tuple[dict, dt.datetime]]:
    """Keep these counts ({key: data}) as counted now, replacing the last (one statement);
    returns them as they read back (JSON: a dict's keys are text)."""
    at = timezone.now()
    rows = [LiveCount(key=key, data=json.loads(json.dumps(data)), counted_at=at)
            for key, data in counted.items()]
    if settings.REPORT_LIVE_FIGURES_SECONDS > 0:
        LiveCount.objects.bulk_create(rows, update_conflicts=True, unique_fields=["key"],
                                      update_fields=["data", "counted_at"])
    return {row.key: (row.data, at) for row in rows}


def district_figures(report: DistrictReport | None, *, district: District, year: int,
                     cached: bool = False, refresh: bool = False
                     ) -> tuple[dict, dt.datetime | None]:
    """(figures, when they were counted): a submitted report shows its frozen snapshot;
    anything else is counted live (`cached`, the district's page: as last counted, see
    `kept`; the beat job counts every district's with the city's)."""
    if report is not None and report.is_submitted:
        return report.figures, None
    if not cached:
        return report_figures(district=district, year=year), None
    return kept(_district_key(district.pk, year),
                lambda: report_figures(district=district, year=year), refresh=refresh)


# The kept counts' keys name the shape of their data: a new shape, a new version, so a
# deployment never reads what the code before it kept (it counts afresh instead).
def _district_key(pk: int, year: int) -> str:
    return f"district:v1:{pk}:{year}"


def district_data(*, district: District, year: int, cached: bool = False,
                  refresh: bool = False) -> dict:
    report = DistrictReport.objects.filter(district=district, year=year).first()
    figures, counted_at = district_figures(report, district=district, year=year,
                                           cached=cached, refresh=refresh)
    return {
        "kind": DocumentKind.DISTRICT.value,
        "year": year,
        "title": f"{district.name}{year}年度政协委员进社区履职情况报告",
        "district": district.name,
        **report_data(report),
        "figures": figures,
        "budgets": district_budgets(district=district, year=year),  # 规范 第十六条
        "counted_at": _when(counted_at),  # cached live figures only
    }


def city_data(*, year: int, cached: bool = False, refresh: bool = False) -> dict:
    """All districts side by side; each submitted report contributes its snapshot.

    `cached` (the municipal office's page) reads the live figures of the districts still
    drafting from `live_figures`, counted at most REPORT_LIVE_FIGURES_SECONDS ago; the
    documents (PDF, .xlsx) always count afresh. The city's members are counted city-wide,
    each once (`figures.city_members`), not added up from the districts'."""
    districts = list(District.objects.all())
    reports = {r.district_id: r for r in DistrictReport.objects.filter(year=year)}
    drafting = [d for d in districts if not (d.pk in reports and reports[d.pk].is_submitted)]
    if cached:
        live, members, city, counted_at = live_figures(year=year, refresh=refresh)
    else:
        live, counted_at = figures_by_district(year=year, districts=drafting), None
        members, city = city_members(year=year), city_rates(year=year)
    rows = []
    for district in districts:
        report = reports.get(district.pk)
        frozen = report is not None and report.is_submitted
        figures = report.figures if frozen else live[district.pk]
        rows.append({"district": district.name, "pk": district.pk, **report_data(report),
                     "figures": figures})
    return {
        "kind": DocumentKind.CITY.value,
        "year": year,
        "title": f"广州市{year}年度各级政协委员进社区履职情况汇总",
        "districts": rows,
        "totals": figures_total([row["figures"] for row in rows], members=members),
        "rates": rates_by_district(rows, city),
        "counted_at": _when(counted_at),  # cached live figures only
    }


def rates_by_district(rows: list[dict], city: dict) -> dict:
    """The 三率 of every district (from its figures: frozen once its report is submitted)
    and of the city (counted city-wide), as one cases.rates table. A report frozen before
    the rates existed has none: its district's row is left out."""
    district_rows = [row["figures"]["rates"]["total"] for row in rows
                     if (row["figures"].get("rates") or {}).get("total")]
    return {**city, "level_label": "区", "rows": district_rows + city["rows"]}


def live_figures(*, year: int, refresh: bool = False, force: bool = False
                 ) -> tuple[dict[int, dict], dict, dict, dt.datetime]:
    """(every district's live figures by pk, the city's members section, the city's own
    三率, when they were counted) for the municipal office's page, as last counted (`kept`).
    Counting them reads every member, reception, activity and case of the year."""
    data, at = kept(f"city:v1:{year}", lambda: count_city(year), refresh=refresh, force=force)
    districts = {int(pk): figures for pk, figures in data["districts"].items()}
    return districts, data["members"], data["rates"], at


def count_city(year: int) -> dict:
    """Count every district and the city for `year`, and keep each district's figures for
    its own page too (the same count, `district_figures`)."""
    districts = figures_by_district(year=year)
    keep({_district_key(pk, year): figures for pk, figures in districts.items()})
    return {"districts": districts, "members": city_members(year=year),
            "rates": city_rates(year=year)}


def committee_data(*, committee: Committee, year: int) -> dict:
    figures = committee_figures(committee=committee, year=year)
    return {
        "kind": DocumentKind.COMMITTEE.value,
        "year": year,
        "title": f"{committee.name}{year}年度委员联系群众工作汇总",
        "committee": committee.name,
        "figures": figures,
        # 举措 四（一）: the yearly plan and what was done against it
        "plan": committee_plan(committee=committee, year=year, figures=figures),
    }


def document_data(*, kind: str, year: int, district: District | None = None,
                  committee: Committee | None = None) -> dict:
    if kind == DocumentKind.DISTRICT:
        return district_data(district=district, year=year)
    if kind == DocumentKind.COMMITTEE:
        return committee_data(committee=committee, year=year)
    return city_data(year=year)


def data_digest(data: dict) -> str:
    """Names a kept file by what it shows (not by when the figures were counted)."""
    data = {key: value for key, value in data.items() if key != "counted_at"}
    text = json.dumps({"layout": LAYOUT_VERSION, "data": data}, sort_keys=True,
                      ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


# ------------------------------------------------------------------------------ charts


def months_chart(figures: dict) -> str:
    months = figures["receptions"]["months"]
    return bar_chart(
        [m["label"] for m in months],
        [("计划接待", [m["planned"] for m in months]), ("已举行", [m["held"] for m in months])],
        title="各月接待：已举行与计划（规范 第九条）", bar_height=12,
    )


def routes_chart(figures: dict) -> str:
    routes = figures["cases"]["routes"]
    return bar_chart(
        [r["label"] for r in routes], [("件数", [r["count"] for r in routes])],
        title="群众诉求办理途径（规范 第十一、十三条）", label_width=240,
    )


def forms_chart(figures: dict) -> str:
    forms = figures["activities"]["forms"]
    return bar_chart(
        [f["label"] for f in forms], [("次数", [f["count"] for f in forms])],
        title="活动形式（规范 第十条）", label_width=170,
    )


def quota_chart(rows: list[dict]) -> str:
    """By district, the members who served there owing the yearly visits (规范 第十四条:
    counted where they served) and those of them who met them."""
    return bar_chart(
        [row["district"] for row in rows],
        [("在该区履职的应参加委员", [row["figures"]["members"]["owing"] for row in rows]),
         ("达到每年2次", [row["figures"]["members"]["met"] for row in rows])],
        title="各区委员进社区达标人数（规范 第五条）", bar_height=12,
    )


def committee_chart(figures: dict) -> str:
    quotas = figures["quotas"]
    return bar_chart(
        [q["label"] for q in quotas],
        [("适用人数", [q["bound"] for q in quotas]), ("已达标", [q["met"] for q in quotas])],
        title="年度履职指标达标人数（举措 三）", bar_height=12, label_width=220,
    )


def charts_for(data: dict) -> dict[str, str]:
    if data["kind"] == DocumentKind.CITY:
        totals = data["totals"]
        return {"quota": quota_chart(data["districts"]), "months": months_chart(totals),
                "routes": routes_chart(totals)}
    if data["kind"] == DocumentKind.COMMITTEE:
        return {"quotas": committee_chart(data["figures"])}
    figures = data["figures"]
    return {"months": months_chart(figures), "forms": forms_chart(figures),
            "routes": routes_chart(figures)}


# --------------------------------------------------------------------------- rendering


def render_document(data: dict, fmt: str, progress: Callable[[int], None] | None = None) -> bytes:
    """PDF (A4, Chinese, charts) or .xlsx (one sheet per section) of a document's data."""
    step = progress or (lambda _pct: None)
    if fmt == FileFormat.XLSX:
        step(30)
        return workbook_bytes(SHEETS[data["kind"]](data))
    charts = charts_for(data)
    step(30)
    context = {**data, "charts": charts}
    return render_pdf(f"reports/{data['kind']}_pdf.html", context,
                      seconds=settings.PDF_BACKGROUND_TIME_LIMIT)


SHEETS = {
    DocumentKind.DISTRICT: district_sheets,
    DocumentKind.CITY: city_sheets,
    DocumentKind.COMMITTEE: committee_sheets,
}
