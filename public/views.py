"""Public pages, no login (规范 第八条): the directory of workrooms, each workroom's page
with its members and yearly reception plan, the notices and the calendar feeds; and the
status of a resident's request (cases.status decides what it shows and to whom).

Only public facts leave here: members' names, photos, work units and posts; workroom
names and addresses; reception dates, times and places. Querysets load just those
columns (`only`), so a template cannot show a phone number by mistake. Each page makes
a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control, never_cache

from cases import status
from members.models import Member
from receptions.calendar import WorkCalendar
from receptions.feeds import receptions_ics
from receptions.models import DistrictReceptionRule, MemberCalendarFeed, Notice, Reception
from receptions.services import uncovered_year_warning
from regions.models import District
from workrooms.models import Workroom

from .forms import StatusCodeForm, StatusLookupForm

PUBLIC_MEMBER_FIELDS = ("name", "photo", "work_unit", "post")
# Browsers and proxies keep a public page no longer than the server does.
public_cache = cache_control(public=True, max_age=settings.CACHED_PAGE_SECONDS)


def _public_workrooms():
    return (
        Workroom.objects.active()
        .select_related("town__district")
        .only(
            "name",
            "kind",
            "community",
            "address",
            "monthly_receptions",
            "town__name",
            "town__code",
            "town__district__name",
            "town__district__code",
        )
    )


def public_members():
    """The members the public pages show (规范 第八条: name, photo, work unit and post of each
    member serving at a workroom): active members of an active workroom. Their photos are
    public files too (`core.media`)."""
    return Member.objects.active().filter(pk__in=Workroom.objects.active().values("members"))


def public_notices():
    """Reception notices anyone may read (规范 第九条): those of active workrooms. Their PDFs
    are served here and at /media/ (`core.media`)."""
    return Notice.objects.filter(reception__workroom__active=True)


def _duty_members():
    return Prefetch("members", queryset=Member.objects.only("name"))


@public_cache
def directory(request):
    """Workrooms by district and town/street, with search (name, community, address,
    town, district, or a member's name)."""
    query = request.GET.get("q", "").strip()[:50]
    district_id = request.GET.get("district", "")
    workrooms = _public_workrooms().order_by("town__district__code", "town__code", "name")
    if query:
        serving = Member.objects.active().filter(name__icontains=query).values("workrooms")
        workrooms = workrooms.filter(
            Q(name__icontains=query)
            | Q(community__icontains=query)
            | Q(address__icontains=query)
            | Q(town__name__icontains=query)
            | Q(town__district__name__icontains=query)
            | Q(pk__in=serving)
        )
    if district_id.isdigit():
        workrooms = workrooms.filter(town__district_id=int(district_id))
    return render(
        request,
        "workrooms/directory.html",
        {
            "workrooms": list(workrooms),
            "query": query,
            "district_id": district_id,
            "districts": District.objects.only("name"),
        },
    )


@public_cache
def detail(request, pk: int):
    """One workroom: its members (规范 第八条), the year's reception plan and the next
    notice (规范 第九条). The page's body is kept in the cache for CACHED_PAGE_SECONDS, so
    an edit shows within that time; only a miss runs its queries."""
    workroom = get_object_or_404(_public_workrooms(), pk=pk)
    today = timezone.localdate()
    year = _year(request, today)
    fragment = f"{pk}:{year}:{today}:{get_language()}"
    return render(
        request,
        "workrooms/detail.html",
        {
            "workroom": workroom,
            "year": year,
            "years": [today.year, today.year + 1],
            "page": WorkroomPage(workroom, year, today),
            "fragment": fragment,
            "keep": settings.CACHED_PAGE_SECONDS,
        },
    )


class WorkroomPage:
    """The parts of a workroom's public page, each read when the template first asks."""

    def __init__(self, workroom, year: int, today: dt.date):
        self.workroom, self.year, self.today = workroom, year, today

    @cached_property
    def plan(self) -> list[Reception]:
        return list(
            self.workroom.receptions.in_year(self.year)
            .only("workroom_id", "nominal_date", "date", "move_reason", "starts_at", "ends_at",
                  "place", "status")
            .prefetch_related(_duty_members())
        )

    @cached_property
    def members(self) -> list[Member]:
        return list(
            public_members().filter(workrooms=self.workroom).select_related("calendar_feed")
            .only(*PUBLIC_MEMBER_FIELDS, "calendar_feed__token")
        )

    @cached_property
    def next_reception(self) -> Reception | None:
        return next(
            (r for r in self.plan if r.date >= self.today and r.status != "cancelled"), None
        )

    @cached_property
    def next_notice(self) -> Notice | None:
        return _next_notice(self.workroom, self.today)

    @cached_property
    def uncovered(self) -> str:
        return "" if WorkCalendar().covers(self.year) else uncovered_year_warning(self.year)

    @cached_property
    def provisional(self) -> str:
        return WorkCalendar().provisional_note(self.year)

    @cached_property
    def rule(self) -> DistrictReceptionRule | None:
        return DistrictReceptionRule.objects.filter(
            district_id=self.workroom.town.district_id
        ).first()

    @cached_property
    def reception_day(self) -> str:
        """规范 第九条: the 15th of odd months, or the district's own day; every month for a
        workroom that chose to receive monthly."""
        rule = self.rule or DistrictReceptionRule()  # no rule of its own: the 15th
        return rule.describe(monthly=self.workroom.monthly_receptions)


def _year(request, today) -> int:
    year = request.GET.get("year", "")
    if year.isdigit() and today.year - 1 <= int(year) <= today.year + 1:
        return int(year)
    return today.year


def _next_notice(workroom, today) -> Notice | None:
    return (
        Notice.objects.filter(reception__workroom=workroom, reception__date__gte=today)
        .select_related("reception")
        .only(
            "kind",
            "sequence",
            "pdf",
            "published_at",
            "content",
            "reception__date",
        )
        .order_by("reception__date", "-sequence")
        .first()
    )


def notice_pdf(request, pk: int):
    notice = get_object_or_404(
        public_notices().only("pdf", "kind", "reception_id"),
        pk=pk,
    )
    if not notice.pdf:
        raise Http404
    return FileResponse(
        notice.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"接待{notice.get_kind_display()}-{notice.pk}.pdf",
    )


def _feed_receptions():
    since = dt.date(timezone.localdate().year - 1, 1, 1)
    return (
        Reception.objects.filter(date__gte=since, workroom__active=True)
        .select_related(
            "workroom",
        )
        .only(
            "date",
            "starts_at",
            "ends_at",
            "place",
            "status",
            "move_reason",
            "workroom__name",
            "workroom__address",
        )
        .prefetch_related(_duty_members())
    )


@public_cache
def workroom_ics(request, pk: int):
    workroom = get_object_or_404(_public_workrooms(), pk=pk)
    url = request.build_absolute_uri(reverse("workrooms:detail", args=[pk]))
    body = _cached_feed(
        f"workroom_ics:{pk}:{url}",
        lambda: receptions_ics(_feed_receptions().filter(workroom=workroom),
                               name=f"{workroom.name}接待日", url=url),
    )
    return _ics_response(body)


@public_cache
def member_ics(request, token: str):
    feed = get_object_or_404(
        MemberCalendarFeed.objects.select_related("member").only("token", "member__name"),
        token=token,
    )
    body = _cached_feed(
        f"member_ics:{feed.member_id}",
        lambda: receptions_ics(_feed_receptions().filter(members=feed.member_id),
                               name=f"{feed.member.name}委员接待日"),
    )
    return _ics_response(body)


def _cached_feed(key: str, compute) -> bytes:
    """A feed's body, kept for CACHED_PAGE_SECONDS (an edit shows within that time). The
    day is part of the key: a feed starts at January 1st of last year."""
    key = f"{key}:{timezone.localdate()}"
    return cache.get_or_set(key, compute, settings.CACHED_PAGE_SECONDS)


def _ics_response(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="receptions.ics"'
    return response


# --------------------------------------------------------------------------------------
# The status of a request (no login): the receipt number and the last four digits of the
# phone, or a one-time code. POST only, never cached: nothing of it is in an address.


@never_cache
def status_lookup(request):
    form = StatusLookupForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        answer = status.status_lookup(
            request=request, receipt=form.cleaned_data["receipt"],
            last4=form.cleaned_data["last4"],
        )
        # The digits of the phone are not written back into the page.
        form = StatusLookupForm(initial={"receipt": form.cleaned_data["receipt"]})
    return render(request, "status/lookup.html", {"form": form, "answer": answer})


@never_cache
def status_code(request):
    form = StatusCodeForm(request.POST or None)
    answer, sent = None, False
    if request.method == "POST" and form.is_valid():
        receipt, code = form.cleaned_data["receipt"], form.cleaned_data["code"]
        if code:
            answer = status.status_code_check(request=request, receipt=receipt, code=code)
        else:
            answer, sent = status.status_code_send(request=request, receipt=receipt), True
    return render(request, "status/code.html", {"form": form, "answer": answer, "sent": sent})
