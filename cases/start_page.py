"""The clerk's workrooms with the reception to record next: on the clerk's start page and
on the page every role lands on after signing in (home), one tap from recording it."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Subquery

from receptions.models import Reception
from workrooms.models import Workroom

from .models import Activity


def my_workrooms(user, today) -> list[Workroom]:
    """The user's active workrooms, each with `next_reception`: today's or else the next
    one (规范 第九条), with the activities already recording it (`records`, held first).
    Three queries whatever the number of workrooms."""
    workrooms = list(Workroom.objects.for_user(user).active().select_related("town")[:100])
    upcoming = _next_receptions(user, workrooms, today)
    for workroom in workrooms:
        workroom.next_reception = upcoming.get(workroom.pk)
    return workrooms


def _next_receptions(user, workrooms, today) -> dict[int, Reception]:
    """Each workroom's reception of today or else its next one (规范 第九条), with the
    activity already recording it, if any (`records`, held first): two queries."""
    nearest = (
        Reception.objects.not_cancelled().filter(workroom=OuterRef("pk"), date__gte=today)
        .order_by("date", "pk").values("pk")[:1]
    )
    ids = (Workroom.objects.filter(pk__in=[w.pk for w in workrooms])
           .annotate(reception=Subquery(nearest)).values_list("reception", flat=True))
    records = Prefetch(
        "activities", queryset=Activity.objects.order_by("-status", "-pk"), to_attr="records"
    )
    receptions = (Reception.objects.for_user(user).filter(pk__in=[pk for pk in ids if pk])
                  .prefetch_related(records))
    return {reception.workroom_id: reception for reception in receptions}
