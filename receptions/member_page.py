"""What a member's page (我的履职, scoring) shows of receptions: their next reception days
and the address of their calendar feed. ReceptionsConfig.ready adds both to the page."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from members.models import Member

from .choices import ReceptionStatus
from .models import MemberCalendarFeed, Reception
from .services import calendar_feeds_ensure


def upcoming_receptions(member: Member) -> list[Reception]:
    return list(
        Reception.objects.filter(members=member, date__gte=timezone.localdate())
        .exclude(status=ReceptionStatus.CANCELLED).select_related("workroom")
        .with_calendar_confirmed()[:10]
    )


def calendar_url(member: Member) -> str | None:
    """The member's reception calendar (.ics), served by the public pages under a random
    token, made the first time it is asked for."""
    feeds = MemberCalendarFeed.objects.filter(member=member).values_list("token", flat=True)
    token = feeds.first()
    if token is None:
        calendar_feeds_ensure(members=Member.objects.filter(pk=member.pk))
        token = feeds.first()
    try:
        return reverse("workrooms:member_ics", args=[token]) if token else None
    except NoReverseMatch:  # the public pages are not installed
        return None
