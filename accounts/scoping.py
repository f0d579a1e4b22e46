"""The one scoping verb: ``Model.objects.for_user(user)``.

Every scoped model's QuerySet says, per role, which lookups lead from a row to the
thing the user is attached to (their district, town, workrooms, committee, or
themself). The admin's querysets, foreign-key choices, views, exports and report
downloads all call ``for_user``; nothing else decides who sees what.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .choices import Role

# What a role is attached to, read off the user.
ROLE_ANCHOR = {
    Role.DISTRICT: "district_id",
    Role.TOWN: "town_id",
    Role.CLERK: "pk",
    Role.COMMITTEE: "committee_id",
    Role.MEMBER: "pk",
}


def sees_everything(user) -> bool:
    return bool(user.is_superuser or getattr(user, "role", None) == Role.CITY)


class ScopedQuerySet(models.QuerySet):
    """Subclasses set ``scope_paths``: role -> lookups compared with the role's anchor.

    Lookups of one role are OR-ed. A role that has no entry sees nothing.
    """

    scope_paths: dict[str, tuple[str, ...]] = {}

    def for_user(self, user) -> ScopedQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_everything(user):
            return self
        q = self.scope_q(user)
        if q is None:
            return self.none()
        # A semi-join, so lookups across to-many relations never duplicate rows.
        inner = self.model._base_manager.filter(q).values("pk")
        return self.filter(pk__in=inner)

    def scope_q(self, user) -> Q | None:
        paths = self.scope_paths.get(user.role, ())
        anchor = getattr(user, ROLE_ANCHOR.get(user.role, ""), None) if paths else None
        if anchor is None:
            return None
        q = Q()
        for path in paths:
            q |= Q(**{path: anchor})
        return q


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def through(prefix: str, paths: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Scope a model by a related model's paths: ``through("member__", MemberQuerySet.scope_paths)``."""
    return {role: tuple(prefix + path for path in lookups) for role, lookups in paths.items()}
