"""The pages people open every day, each with who opens it.

`persona` names an attribute of bench.personas.Personas (None: the public, no login).
A page whose view has not landed yet has no path and is reported "not yet available".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    persona: str | None
    path: Callable  # Personas -> str | None
    weight: int = 1  # share in the load run's mix


def _admin(model: str, **params) -> Callable:
    return lambda p: f"/admin/{model}/?{urlencode(params)}"


def city_path(_personas) -> str | None:
    """The municipal office's page: the reports app's overview of the year (all districts'
    report status, the city's totals and charts), once that app has landed."""
    from django.utils import timezone

    try:
        return reverse("reports:overview", args=[timezone.localdate().year])
    except NoReverseMatch:
        return None


def district_rates_path(personas, by: str = "") -> str:
    """The district's report page: its figures and 三率 by town, and the 三率 by
    workroom (or `by`: department, member), counted live."""
    from django.utils import timezone

    path = reverse("reports:district", args=[personas.district.pk, timezone.localdate().year])
    return f"{path}?rates_by={by}" if by else path


FLOOR = Page("floor", "floor: /healthz (broker not configured: database ping + heartbeat)",
             None, lambda p: "/healthz")
# What every signed-in page costs before its own work: the session, the user, the second
# factor (district staff have a TOTP device), the content security policy.
LOGIN_FLOOR = Page("login_floor", "signed-in floor: /ping/ as district staff (session, login, "
                   "second factor, CSP)", "district_staff", lambda p: reverse("ping"))
FLOORS = {FLOOR.key, LOGIN_FLOOR.key}
PAGES = [
    FLOOR,
    LOGIN_FLOOR,
    Page("member", "member's own page (/duty/me/)", "member_user",
         lambda p: reverse("scoring:me"), weight=3),
    Page("quota_table", "district's quota table (/duty/table/)", "district_staff",
         lambda p: reverse("scoring:table"), weight=2),
    Page("admin_members", "admin: members, filter level + search 陈", "district_staff",
         _admin("members/member", level__exact="district", q="陈"), weight=2),
    Page("admin_cases", "admin: cases, filter state + search 路灯", "district_staff",
         _admin("cases/case", state__exact="closed", q="路灯"), weight=2),
    Page("ledger", "clerk's ledger of the busiest workroom", "clerk",
         lambda p: reverse("cases:ledger", args=[p.workroom.pk]), weight=3),
    Page("city", "municipal office's page (with the districts' 三率 and their map)", "city",
         city_path, weight=1),
    Page("district_rates", "district's report page with its 三率 by town and workroom",
         "district_staff", district_rates_path, weight=1),
    Page("district_rates_members", "district's 三率 by member", "district_staff",
         lambda p: district_rates_path(p, "member"), weight=1),
    Page("workroom_public", "public workroom page", None,
         lambda p: reverse("workrooms:detail", args=[p.workroom.pk]), weight=4),
    Page("workroom_ics", "workroom .ics feed", None,
         lambda p: reverse("workrooms:ics", args=[p.workroom.pk]), weight=2),
    Page("member_ics", "member .ics feed", None,
         lambda p: reverse("workrooms:member_ics", args=[p.member_feed_token]), weight=2),
]
