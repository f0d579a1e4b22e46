"""What a member's page (我的履职, scoring) shows of cases: those the member took on.
CasesConfig.ready adds it to the page."""

from __future__ import annotations

from .models import Case


def member_cases(member) -> list[Case]:
    return list(Case.objects.not_voided().filter(members=member).select_related("topic")[:20])
