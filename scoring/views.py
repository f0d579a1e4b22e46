"""我的履职 for members, 履职统计 for staff, and the sectors' collective progress."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.once import ALREADY_SUBMITTED, submit_once
from accounts.scoping import scope_key
from audit.choices import EventKind
from audit.services import audit_record, audited_download
from documents.charts import bar_chart
from documents.pdf import RenderTimeout, render_pdf
from documents.xlsx import workbook_bytes
from members.models import Committee, Member, Sector
from regions.models import District

from . import exports, pages
from .forms import ConstituentContactForm
from .models import SectorActivity
from .quotas import QuotaTable, TableRows, sector_status
from .services import constituent_contact_log

PAGE_SIZE = 50  # a phone screen of rows; the filters narrow the rest


def _own_member(user) -> Member:
    member = Member.objects.filter(user=user).select_related("sector").first()
    if member is None:
        raise Http404(_("您的账号未关联委员信息。"))
    return member


@login_required
def index(request):
    if request.user.has_perm("scoring.view_dutyrecord"):
        return redirect("scoring:table")
    return redirect("scoring:me")


@login_required
def my_duty(request):
    """The member's own page: quotas, points and the records behind them, receptions,
    cases, paired constituents (举措 三)."""
    context = pages.member_context(
        Member.objects.filter(user=request.user), pages.year_from(request), viewer=request.user
    )
    form = ConstituentContactForm(constituents=context["constituents"])
    return render(request, "scoring/member.html", {**context, "contact_form": form, "own": True})


@login_required
def member_duty(request, pk: int):
    """Staff open one member's page; outsiders (and other members) get 404."""
    members = Member.objects.for_user(request.user).filter(pk=pk)
    context = pages.member_context(members, pages.year_from(request), viewer=request.user)
    own = context["member"].user_id == request.user.pk
    return render(request, "scoring/member.html", {**context, "own": own})


@login_required
@audited_download(EventKind.DOWNLOAD, "履职档案.pdf")
def my_archive(request):
    member, year = _own_member(request.user), pages.year_from(request)
    return _archive_response(request, member, year, page=reverse("scoring:me"))


@login_required
@audited_download(EventKind.DOWNLOAD, "履职档案.pdf")
def member_archive(request, pk: int):
    member = get_object_or_404(Member.objects.for_user(request.user), pk=pk)
    year, page = pages.year_from(request), reverse("scoring:member", args=[member.pk])
    return _archive_response(request, member, year, page=page)


def _archive_response(request, member, year, *, page: str) -> HttpResponse:
    """履职档案: the member's year on A4, in Chinese (or, past the time limit, the page it
    was asked from, saying so)."""
    members = Member.objects.filter(pk=member.pk)
    context = pages.member_context(members, year, viewer=request.user, coauthors=True)
    try:
        pdf = render_pdf("scoring/archive_pdf.html", {**context, "title": f"{year}年度履职档案"})
    except RenderTimeout as exc:
        messages.error(request, _(
            "履职档案 PDF 未能在%(seconds)s秒内生成，已停止。请稍后重试，或联系管理员。"
        ) % {"seconds": exc.seconds})
        return redirect(f"{page}?year={year}")
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{year}-{member.pk}-duty-record.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@login_required
def log_contact(request):
    """A member logs a contact with a paired constituent (举措 三（三）)."""
    member = _own_member(request.user)
    form = ConstituentContactForm(request.POST, constituents=member.constituents.all())
    if form.is_valid():
        try:
            _record, first_time = submit_once(
                form.cleaned_data["once"], by=request.user,
                create=lambda: constituent_contact_log(
                    member=member, constituent=form.cleaned_data["constituent"],
                    date=form.cleaned_data["date"], note=form.cleaned_data["note"],
                    by=request.user,
                ),
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("已记录联系，待工作人员确认后计入履职。") if first_time
                             else ALREADY_SUBMITTED)
            return redirect("scoring:me")
    context = pages.member_context(
        Member.objects.filter(pk=member.pk), pages.year_from(request), viewer=request.user
    )
    return render(
        request, "scoring/member.html", {**context, "contact_form": form, "own": True},
        status=400,
    )


@login_required
def staff_table(request):
    """Members of the user's scope with every quota's status and points (举措 三; 举措 四（一）)."""
    if not request.user.has_perm("scoring.view_dutyrecord"):
        raise Http404
    year = pages.year_from(request)
    chosen, filters = pages.filtered_members(request)
    table = QuotaTable(year)
    sort, direction = request.GET.get("sort", "name"), request.GET.get("dir")
    behind = bool(request.GET.get("behind"))

    def annotated():  # built only when used: the summary is usually cached
        members = table.annotate(chosen.select_related("sector", "district", "committee"))
        return table.behind(members) if behind else members

    if request.GET.get("export") == "xlsx":
        rows = table.rows(table.ordered(annotated(), sort, direction))
        audit_record(kind=EventKind.EXPORT, request=request, detail={  # every export is audited
            "name": f"duty-{year}.xlsx", "rows": len(rows), "query": request.GET.urlencode()[:500],
        })
        return _xlsx_response(table, rows, year)
    scope = (scope_key(request.user), sorted(filters.items()))
    count, meeting = _summary(table, annotated, scope)
    ids = None if behind else _cached(
        ("quota_table_order", *scope, sort, direction),
        lambda: table.ordered_ids(chosen, sort, direction),
    )
    rows = TableRows(table, chosen, sort=sort, direction=direction, behind=behind, count=count,
                     ids=ids)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = pages.with_cells(table.rows(page.object_list), table)
    context = {
        "status": table, "year": year, "page": page, "filters": filters,
        "columns": pages.table_columns(table, request),
        "meeting": meeting, "chart": _meeting_chart(table, meeting),
        "sectors": Sector.objects.all(), "districts": District.objects.all(),
        "committees": Committee.objects.all(), "years": pages.years(),
        "querystring": pages.querystring(request, drop=("page",)),
    }
    return render(request, "scoring/table.html", context)


def _cached(parts: tuple, compute):
    """`compute()`'s result for everyone whose scope and filters `parts` name, kept for
    CACHED_PAGE_SECONDS (an edit shows within that time)."""
    key = "scoring:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    return cache.get_or_set(key, compute, settings.CACHED_PAGE_SECONDS)


def _summary(table: QuotaTable, annotated, scope: tuple):
    """The table's count and chart: one pass over every member of the scope, so shared by
    everyone with the same scope and filters for a short while (`_cached`). `annotated()`
    gives the members, annotated, to count."""
    def compute():
        count, meeting = table.summary(annotated())
        return count, [(rule.pk, met, bound) for rule, met, bound in meeting]

    count, meeting = _cached(("quota_summary", table.year, *scope), compute)
    by_pk = {rule.pk: rule for rule in table.rules}
    return count, [(by_pk[pk], met, bound) for pk, met, bound in meeting if pk in by_pk]


def _meeting_chart(status, meeting) -> str:
    return bar_chart(
        [rule.label for rule, _met, _bound in meeting],
        [(_("适用人数"), [bound for *_, bound in meeting]),
         (_("已达标人数"), [met for _r, met, _b in meeting])],
        title=_("%(year)s年度各项指标达标人数") % {"year": status.year},
    )


def _xlsx_response(status, rows, year) -> HttpResponse:
    headers, body = pages.export_rows(status, rows)
    data = workbook_bytes([(f"{year}年度履职统计", headers, body)])
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="duty-{year}.xlsx"'
    return response


@login_required
def sector_progress(request):
    """举措 三（三）: each sector's collective activities this year, for staff and conveners."""
    year = pages.year_from(request)
    if request.user.has_perm("scoring.view_sectoractivity"):  # sectors are city-wide
        sectors = Sector.objects.all()
    else:
        sectors = Sector.objects.filter(convener__user=request.user)
        if not sectors.exists():
            raise Http404
    rows = sector_status(sectors=sectors, year=year)
    if request.GET.get("behind"):
        rows = [row for row in rows if row.behind]
    chosen = pages.chosen_sector(request, rows)
    activities = []
    if chosen is not None:
        activities = (
            SectorActivity.objects.for_user(request.user).filter(sector=chosen).in_year(year)
        )
    context = {
        "rows": rows, "year": year, "years": pages.years(), "chosen": chosen,
        "activities": activities, "today": timezone.localdate(),
    }
    return render(request, "scoring/sectors.html", context)


# ---- 数字政协: the documented export of duty records and year figures (scoring.exports) ----

def _export_scope(request):
    """The members the viewer exports, narrowed to one district when asked; a district
    outside the viewer's scope is a 404, as for every other page."""
    members = exports.members_in_scope(request.user)
    if members is None:
        raise Http404
    district = None
    code = request.GET.get("district", "")
    if code:
        district = District.objects.for_user(request.user).filter(code=code[:12]).first()
        if district is None:
            raise Http404
        members = members.filter(district=district)
    return members, district


def _export_year(request) -> int | None:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    if raw.isascii() and raw.isdigit() and len(raw) == 4:
        year = int(raw)
        if pages.FIRST_YEAR <= year <= this_year + 1:
            return year
    return None


@login_required
def export_page(request):
    """数字政协数据导出: where staff and members download the year's records and figures."""
    members, district = _export_scope(request)
    year = pages.year_from(request)
    districts = District.objects.for_user(request.user) if request.user.has_perm(
        "scoring.view_dutyrecord") else District.objects.none()
    return render(request, "scoring/export.html", {
        "year": year, "years": pages.years(), "district": district,
        "districts": districts, "version": exports.VERSION,
    })


@login_required
def export_download(request, dataset: str, fmt: str):
    """One dataset of one year as CSV or JSON (docs/szzx-export.md), streamed; audited."""
    if dataset not in exports.DATASETS or fmt not in ("csv", "json"):
        raise Http404
    members, district = _export_scope(request)
    year = _export_year(request)
    if year is None:
        return render(request, "scoring/export.html", {
            "year": timezone.localdate().year, "years": pages.years(), "district": district,
            "districts": District.objects.none(), "version": exports.VERSION,
            "error": _("年度无效：请选择 %(first)s 至 %(last)s 年之间的年度。") % {
                "first": pages.FIRST_YEAR, "last": timezone.localdate().year + 1},
        }, status=400)
    count, rows = exports.rows_for(dataset, members, year)
    suffix = f"-{district.code}" if district else ""
    name = f"szzx-duty-{dataset}-v{exports.VERSION.split('.')[0]}-{year}{suffix}.{fmt}"
    audit_record(kind=EventKind.EXPORT, request=request, detail={  # every export is audited
        "name": name, "rows": count, "query": request.GET.urlencode()[:500],
    })
    if fmt == "csv":
        body = exports.csv_chunks(dataset, rows)
        content_type = "text/csv; charset=utf-8"
    else:
        scope = {"district_code": district.code if district else None,
                 "viewer_role": request.user.role or None}
        body = exports.json_chunks(dataset, rows, year=year, count=count, scope=scope)
        content_type = "application/json; charset=utf-8"
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Export-Schema"] = f"{exports.schema_name(dataset)}/{exports.VERSION}"
    response["X-Export-Count"] = str(count)
    return response
