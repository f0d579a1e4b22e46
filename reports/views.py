"""The yearly report pages (规范 第十四条, 规范 第十五条; 举措 四（一）).

The municipal office sees every district's status, the city's totals and charts; district
staff see and write their own district's report only; committee staff their committee's
summary only. Anyone else, and any other district or committee, gets 404. Downloads are
made by a Celery task and kept (`ReportFile`); the page polls a small status fragment.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import sees_everything
from audit.choices import EventKind
from audit.services import audited_download
from cases.rates import LEVEL_LABELS, Period, rates
from cases.rates import Level as RateLevel
from core.versions import version_of
from members.models import Committee
from regions.models import District
from scoring.validators import FIRST_YEAR

from .choices import DisplayStatus, DocumentKind
from .documents import charts_for, city_data, committee_data, district_data, kept_table
from .forms import NarrativeForm, ReopenForm
from .models import DistrictReport, ReportFile
from .rates_map import MAP_NOTE, choose, district_map, legend
from .schedule import schedule_for
from .services import (
    may_edit,
    report_draft_create,
    report_file_request,
    report_narrative_update,
    report_reopen,
    report_submit,
)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404


def _years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def _city_or_404(user) -> None:
    if not sees_everything(user):
        raise Http404


def _district_or_404(user, pk: int) -> District:
    """The municipal office any district; district staff their own; nobody else."""
    if not user.has_perm("reports.view_districtreport"):
        raise Http404
    return get_object_or_404(District.objects.for_user(user), pk=pk)


def _committee_or_404(user, pk: int) -> Committee:
    """The municipal office any committee; committee staff their own; nobody else."""
    if not user.has_perm("members.summarize_committee"):
        raise Http404
    if not (sees_everything(user) or user.committee_id == pk):
        raise Http404
    return get_object_or_404(Committee, pk=pk)


@login_required
def index(request):
    """The municipal office's overview, or the user's own district or committee."""
    user, year = request.user, timezone.localdate().year
    if sees_everything(user):
        return redirect("reports:overview", year)
    if user.has_perm("reports.view_districtreport") and user.district_id:
        return redirect("reports:district", user.district_id, year)
    if user.has_perm("members.summarize_committee") and user.committee_id:
        return redirect("reports:committee", user.committee_id, year)
    raise Http404


@login_required
def overview(request, year: int):
    """The municipal office: each district's status, the city's totals, charts, downloads."""
    _city_or_404(request.user)
    _check_year(year)
    data = city_data(year=year, cached=True, refresh=bool(request.GET.get("refresh")))
    figure = choose(request.GET.get("figure"), data["rates"]["definitions"])
    context = {
        **data, "charts": charts_for(data), "schedule": schedule_for(year),
        "rates_figure": figure, "rates_map": district_map(data["rates"], figure["code"]),
        "rates_map_note": MAP_NOTE, "rates_legend": legend(),
        "counts": _status_counts(data["districts"]),
        "committees": Committee.objects.all(), "years": _years(),
    }
    return render(request, "reports/overview.html", context)


def _status_counts(rows: list[dict]) -> list[tuple[str, int]]:
    counts = Counter(row["status"] for row in rows)
    return [(label, counts[value]) for value, label in DisplayStatus.choices if counts[value]]


@login_required
def district_page(request, pk: int, year: int):
    """A district's report: figures (live for a draft, frozen once submitted), narrative,
    submit; for the municipal office, reopen."""
    district = _district_or_404(request.user, pk)
    _check_year(year)
    report = DistrictReport.objects.filter(district=district, year=year).first()
    form = NarrativeForm(initial=_narrative(report))
    if request.method == "POST":
        form = NarrativeForm(request.POST)
        if form.is_valid() and _save_or_submit(request, district, year, form.cleaned_data):
            return redirect("reports:district", pk, year)
        report = DistrictReport.objects.filter(district=district, year=year).first()
    refresh = bool(request.GET.get("refresh"))
    data = district_data(district=district, year=year, cached=True, refresh=refresh)
    user = request.user
    can_edit = may_edit(user, pk) and (report is None or report.is_editable)
    context = {
        "district": district, "year": year, "report": report, "data": data,
        **_rates_breakdown(request.GET.get("rates_by"), district, year,
                           request.GET.get("rates_page"), refresh),
        "charts": charts_for(data), "form": form, "can_edit": can_edit,
        "can_reopen": (user.has_perm("reports.reopen_districtreport") and report is not None
                       and report.is_submitted),
        "reopen_form": ReopenForm(), "schedule": schedule_for(year), "years": _years(),
        "reopenings": report.reopenings.select_related("by") if report else [],
    }
    return render(request, "reports/district.html", context, status=400 if request.POST else 200)


BREAKDOWNS = [RateLevel.WORKROOM, RateLevel.DEPARTMENT, RateLevel.MEMBER]
RATES_PAGE_SIZE = 50


def _rates_breakdown(level: str | None, district: District, year: int, page,
                     refresh: bool = False) -> dict:
    """The district's 三率 by workroom, department or member (?rates_by=), counted live:
    the report itself shows the district and its towns. Most cases first, a page at a time
    (a district has thousands of members), kept a page at a time (`kept_table`)."""
    level = level if level in BREAKDOWNS else RateLevel.WORKROOM
    table, rows, paged = kept_table(
        f"district-rates:v1:{district.pk}:{year}:{level}",
        lambda: _by_cases(rates(level=level, period=Period.year(year),
                                within=Q(district=district))),
        page, size=RATES_PAGE_SIZE, refresh=refresh,
    )
    return {
        "rates_by": level,
        "rates_levels": [(value, str(LEVEL_LABELS[value])) for value in BREAKDOWNS],
        "rates_breakdown": {**table, "rows": rows},
        "rates_page": paged,
    }


def _by_cases(table: dict) -> dict:
    table["rows"].sort(key=lambda row: -row["cases"])  # stable: the level's order otherwise
    return table


def _narrative(report: DistrictReport | None) -> dict:
    if report is None:
        return {}
    return {"achievements": report.achievements, "problems": report.problems,
            "plans": report.plans, "version": version_of(report)}


def _save_or_submit(request, district: District, year: int, narrative: dict) -> bool:
    if not may_edit(request.user, district.pk):
        raise PermissionDenied  # the municipal office reads, the district writes
    try:
        report = report_draft_create(district=district, year=year)
        seen = narrative.pop("version") or None
        report = report_narrative_update(report=report, by=request.user, seen_version=seen,
                                         **narrative)
        if request.POST.get("action") == "submit":
            report = report_submit(report=report, by=request.user)
            messages.success(request, _("报告已报送市政协办公厅。") + (
                _("（逾期报送）") if report.late else ""))
        else:
            messages.success(request, _("草稿已保存。"))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return False
    return True


@require_POST
@login_required
def district_reopen(request, pk: int, year: int):
    district = _district_or_404(request.user, pk)
    report = get_object_or_404(DistrictReport, district=district, year=year)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(form.errors.get("reason", [_("请填写退回原因。")])))
        return redirect("reports:district", pk, year)
    try:
        report_reopen(report=report, by=request.user, reason=form.cleaned_data["reason"])
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("报告已退回，区政协可修改后重新报送。"))
    return redirect("reports:district", pk, year)


@login_required
def committee_page(request, pk: int, year: int):
    """举措 四（一）: a special committee's yearly summary of its members' liaison work."""
    committee = _committee_or_404(request.user, pk)
    _check_year(year)
    data = committee_data(committee=committee, year=year)
    context = {**data, "charts": charts_for(data), "committee_obj": committee,
               "years": _years()}
    return render(request, "reports/committee.html", context)


# -------------------------------------------------------------------------- downloads


def _serve_or_wait(file: ReportFile):
    """A kept (or just made) file is served at once; otherwise the progress page."""
    if file.is_done:
        return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.filename)
    return redirect("reports:file", file.pk)


@login_required
@audited_download(EventKind.DOWNLOAD, "区年度报告")
def district_download(request, pk: int, year: int, fmt: str):
    district = _district_or_404(request.user, pk)
    _check_year(year)
    return _serve_or_wait(report_file_request(
        kind=DocumentKind.DISTRICT, year=year, fmt=fmt, by=request.user, district=district,
    ))


@login_required
@audited_download(EventKind.DOWNLOAD, "全市汇总")
def city_download(request, year: int, fmt: str):
    _city_or_404(request.user)
    _check_year(year)
    return _serve_or_wait(report_file_request(
        kind=DocumentKind.CITY, year=year, fmt=fmt, by=request.user,
    ))


@login_required
@audited_download(EventKind.DOWNLOAD, "专门委员会年度汇总")
def committee_download(request, pk: int, year: int, fmt: str):
    committee = _committee_or_404(request.user, pk)
    _check_year(year)
    return _serve_or_wait(report_file_request(
        kind=DocumentKind.COMMITTEE, year=year, fmt=fmt, by=request.user, committee=committee,
    ))


def _file_or_404(user, pk: int) -> ReportFile:
    return get_object_or_404(ReportFile.objects.for_user(user), pk=pk)


@login_required
def file_page(request, pk: int):
    return render(request, "reports/file.html", {"file": _file_or_404(request.user, pk)})


@login_required
def file_status(request, pk: int):
    """The fragment htmx polls every second while the file is being made."""
    return render(request, "reports/_file_status.html",
                  {"file": _file_or_404(request.user, pk)})


@login_required
@audited_download(EventKind.DOWNLOAD, "报告文件")
def file_download(request, pk: int):
    file = _file_or_404(request.user, pk)
    if not file.is_done:
        raise Http404
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.filename)
