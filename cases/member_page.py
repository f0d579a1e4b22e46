"""What a member's page (我的履职, scoring) shows of cases: those the member took on, and
the 三率 of those cases this year (cases.rates). CasesConfig.ready adds them to the page."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from .models import Case
from .rates import Level, Period, rates


def member_cases(member) -> list[Case]:
    return list(Case.objects.not_voided().filter(members=member).select_related("topic")[:20])


def member_rates(member) -> dict | None:
    """This year's 三率 of the cases the member heard or took on (a fixed number of
    queries), or None when there are none."""
    year = timezone.localdate().year
    found = rates(level=Level.MEMBER, period=Period.year(year), within=Q(members=member))
    rows = [row for row in found["rows"] if row["key"] == member.pk]
    return {**found, "rows": rows} if rows else None
