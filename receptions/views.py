"""Staff and members: the year's reception plan of their scope (规范 第九条), on a phone."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from .calendar import WorkCalendar
from .models import MemberCalendarFeed, Reception
from .services import uncovered_year_warning


@login_required
def plan(request):
    today = timezone.localdate()
    year = request.GET.get("year", "")
    year = (
        int(year)
        if year.isdigit() and today.year - 1 <= int(year) <= today.year + 1
        else today.year
    )
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
