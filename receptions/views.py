"""Staff and members: the year's reception plan of their scope (规范 第九条), on a phone;
the workroom's printable poster (规范 第八条)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from documents.pdf import RenderTimeout
from workrooms.models import Workroom

from .calendar import WorkCalendar
from .models import MemberCalendarFeed, Reception
from .poster import SIZES, poster_build, poster_pdf
from .services import uncovered_year_warning


def _year(request) -> int:
    """The year asked for: last year, this year or next; this year otherwise."""
    today = timezone.localdate()
    asked = {str(year): year for year in range(today.year - 1, today.year + 2)}
    return asked.get(request.GET.get("year", ""), today.year)


@login_required
def plan(request):
    today = timezone.localdate()
    year = _year(request)
    receptions = (
        Reception.objects.for_user(request.user)
        .in_year(year)
        .select_related("workroom__town")
        .prefetch_related("members")
        .order_by("date", "workroom__name")
    )
    page = Paginator(receptions, 100).get_page(request.GET.get("page"))
    calendar = WorkCalendar()
    return render(
        request,
        "receptions/plan.html",
        {
            "year": year,
            "years": [today.year, today.year + 1],
            "page": page,
            "today": today,
            "uncovered": "" if calendar.covers(year) else uncovered_year_warning(year),
            "provisional": calendar.provisional_note(year),
            "feed": _own_feed(request.user),
        },
    )


def _own_feed(user) -> MemberCalendarFeed | None:
    member = getattr(user, "member", None)
    if member is None:
        return None
    return MemberCalendarFeed.objects.get_or_create(member=member)[0]


@login_required
def poster(request, workroom_id: int):
    """规范 第八条: the workroom's poster (members with photo, work unit and post; the year's
    reception plan; a QR code to its public page) as a PDF on A4 or A3 (?size=a3), for the
    workroom's clerk and its town/street, district and city staff."""
    if not request.user.has_perm("workrooms.view_workroom"):
        raise PermissionDenied
    workroom = get_object_or_404(
        Workroom.objects.for_user(request.user).active().select_related("town__district"),
        pk=workroom_id,
    )
    size = request.GET.get("size", "a4")
    size = size if size in SIZES else "a4"
    built = poster_build(workroom=workroom, year=_year(request), size=size)
    try:
        content = poster_pdf(built)
    except RenderTimeout as exc:
        return HttpResponse(
            _("海报未能在%(seconds)s秒内生成，已停止，请稍后重试。") % {"seconds": exc.seconds},
            status=503, content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{workroom.name}{built.year}年公示海报（{SIZES[size]}）.pdf"
    )
    return response
