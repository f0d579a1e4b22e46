"""The one scoping verb: ``Model.objects.for_user(user)``.

Every scoped model's QuerySet says, per role, which lookups lead from a row to the
thing the user is attached to (their district, town, workrooms, committee, or
themself). The admin's querysets, foreign-key choices, views, exports and report
downloads all call ``for_user``; nothing else decides who sees what.
"""

from __future__ import annotations

import functools

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


def scope_key(user) -> tuple:
    """What decides which rows `scope_paths` give a user: users with the same key see the
    same rows of a model whose QuerySet adds nothing to them (for keying shared caches)."""
    if sees_everything(user):
        return ("all",)
    return (user.role, getattr(user, ROLE_ANCHOR.get(user.role, ""), None))


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
        return self.none() if q is None else self.filter(q)

    def scope_lookups(self, user) -> list[dict]:
        """The role's lookups with the user's anchor, one dict per path ([]: nothing)."""
        paths = self.scope_paths.get(user.role, ())
        anchor = getattr(user, ROLE_ANCHOR.get(user.role, ""), None) if paths else None
        if anchor is None:
            return []
        return [{path: anchor} for path in paths]

    def scope_q(self, user) -> Q | None:
        """The rows the user may see, as a filter (None: nothing).

        One semi-join per path, OR-ed: lookups across to-many relations never duplicate
        rows, and each path keeps its own indexes. (One semi-join over the OR of all paths
        LEFT JOINs every path for every row: a district's member scope read every
        member of the city through their workrooms, bench/README.md.) Subclasses may OR in more, as
        filters that never duplicate rows either.
        """
        lookups = self.scope_lookups(user)
        if not lookups:
            return None
        q = Q()
        for lookup in lookups:
            (path, anchor), = lookup.items()
            if _follows_only_foreign_keys(self.model, path):  # one row each: a plain filter
                q |= Q(**lookup)
            else:
                q |= Q(pk__in=_ids_along(self.model, path, anchor))
        return q


def _ids_along(model, path: str, anchor) -> models.QuerySet:
    """The ids of `model` rows whose `path` leads to `anchor`, read from the table the path
    enters first when that is a to-many step (a many-to-many's link table, a reverse foreign
    key's table): the subquery then never scans `model` itself (a district's members read
    every member of the city to reach their workrooms, bench/README.md)."""
    first, _, rest = path.partition("__")
    field = model._meta.get_field(first)
    if rest and field.many_to_many:  # a many-to-many, either side: its link table
        declared = field if field.concrete else field.field
        link = declared.remote_field.through
        source, target = declared.m2m_field_name(), declared.m2m_reverse_field_name()
        if not field.concrete:
            source, target = target, source
        return link._base_manager.filter(**{f"{target}__{rest}": anchor}).values(source)
    if rest and field.one_to_many:  # a reverse foreign key: that table
        return field.related_model._base_manager.filter(**{rest: anchor}).values(
            field.field.attname
        )
    return model._base_manager.filter(**{path: anchor}).values("pk")


@functools.cache
def _follows_only_foreign_keys(model, path: str) -> bool:
    """Whether every step of `path` but the last is a forward foreign key or one-to-one
    (so a join along it never repeats a row) and the last a concrete field or FK."""
    *steps, last = path.split("__")
    for name in steps:
        field = model._meta.get_field(name)
        if not (field.is_relation and (field.many_to_one or field.one_to_one)
                and field.concrete):
            return False
        model = field.related_model
    field = model._meta.pk if last == "pk" else model._meta.get_field(last)
    return field.concrete and not field.many_to_many


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class OversightQuerySet(models.QuerySet):
    """Records about how the system treated personal data (who read it, what was erased):
    all of them for whoever may view them (the municipal office and the auditor,
    accounts.permissions), none for anyone else."""

    def for_user(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        opts = self.model._meta
        return self if user.has_perm(f"{opts.app_label}.view_{opts.model_name}") else self.none()


def through(prefix: str, paths: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Scope a model by a related model's paths:
    ``through("member__", MemberQuerySet.scope_paths)``."""
    return {role: tuple(prefix + path for path in lookups) for role, lookups in paths.items()}
