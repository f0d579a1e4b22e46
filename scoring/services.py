from __future__ import annotations

import datetime as dt

from django.db import transaction

from .models import DutyRecord


@transaction.atomic
def duty_record_create(
    *,
    kind: str,
    members,
    date: dt.date,
    title: str,
    source: str,
    entered_by=None,
    source_ref: str = "",
    activity_form: str = "",
    evidence: str = "",
    confirmed: bool = False,
) -> DutyRecord:
    """Create (or, for a `source_ref` seen before, refresh the members of) a duty record.

    The ledger and case routing call this so a re-saved activity never counts twice.
    """
    record = None
    if source_ref:
        record = DutyRecord.objects.filter(kind=kind, source_ref=source_ref).first()
    if record is None:
        record = DutyRecord.objects.create(
            kind=kind, date=date, title=title, source=source, source_ref=source_ref,
            activity_form=activity_form, evidence=evidence, entered_by=entered_by,
            confirmed=confirmed,
        )
    record.members.set(members)
    return record
