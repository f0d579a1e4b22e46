"""Workflows of workrooms. The admin and the roster import save a workroom here."""

from __future__ import annotations

from django.db import transaction

from audit.choices import EventKind
from audit.services import audit_record

from .models import Workroom


@transaction.atomic
def workroom_save(*, workroom: Workroom, by, request=None, force_insert: bool = False) -> Workroom:
    """Save a workroom its form or import row has validated (`Workroom.clean`).

    Its clerk reads its visitors' names, phones and addresses in full, and its town/street
    decides which town and district staff read them masked (cases.privacy): a change of
    either is an audit event saying who changed what from what to what (个人信息保护法).
    """
    before = None
    if workroom.pk is not None and not force_insert:
        before = Workroom.objects.select_related("clerk", "town__district").filter(
            pk=workroom.pk
        ).first()
    workroom.save(force_insert=force_insert)
    change = access_change(before, workroom)
    if change:
        audit_record(kind=EventKind.VISITOR_ACCESS, request=request, user=by, obj=workroom,
                     detail=change)
    return workroom


def access_change(before: Workroom | None, after: Workroom) -> dict:
    """{"clerk": {"before", "after"}, "town": {...}}: what changed of who reads the visitors."""
    change = {}
    if (before.clerk_id if before else None) != after.clerk_id:
        change["clerk"] = {"before": _login(before.clerk if before else None),
                           "after": _login(after.clerk)}
    if before is not None and before.town_id != after.town_id:
        change["town"] = {"before": str(before.town), "after": str(after.town)}
    return change


def _login(user) -> str:
    return user.get_username() if user is not None else ""
