"""Keeping `MemberTally` equal to the duty records it counts.

A tally is never incremented: `tallies_refresh` recounts the given members' rows for the
given years from the records (one grouped query) and writes them (one upsert), so running it
twice, late or for too many members is harmless. The signal handlers below call it inside
the same transaction as the change, so a rolled-back change leaves the tallies as they were:

- a record saved (its kind, date, confirmation or voiding may have changed: both years are
  recounted),
- its members added, removed or cleared,
- records confirmed in bulk (`scoring.services.duty_records_confirm` calls it),
- a member's date of joining or leaving changed (a record counts only if dated while the
  member served, 规范 第五条): saved one by one (the handlers below) or by a roster import
  (`members.signals.terms_changed`, connected in this app's AppConfig.ready).

Records are never deleted (`DutyRecord.delete` refuses); a voided record counts nowhere.

Writes that bypass the ORM's signals (the demo's and the benchmark's bulk inserts) call
`tallies_rebuild` afterwards; the nightly job rebuilds this year and last as a safety net.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .models import TALLY_FIELDS, DutyRecord, MemberTally

BATCH = 2000


def _counted(member_ids, years: Iterable[int]) -> dict[tuple[int, int], dict[str, int]]:
    """{(member, year): {c_<kind>/p_<kind>: n}} counted from the records, one grouped query."""
    years = sorted(set(years))
    if not years:
        return {}
    aggregates = {}
    for field in TALLY_FIELDS:
        state, kind = field.split("_", 1)
        aggregates[field] = Count(
            "pk", filter=Q(dutyrecord__kind=kind, dutyrecord__confirmed=(state == "c"))
        )
    rows = (
        DutyRecord.members.through.objects
        .filter(dutyrecord__voided_at=None)  # 规范 第十四条: a voided record earns nothing
        .filter(dutyrecord__date__gte=dt.date(years[0], 1, 1),
                dutyrecord__date__lt=dt.date(years[-1] + 1, 1, 1))
        .annotate(year=ExtractYear("dutyrecord__date"))
        .filter(year__in=years)
        # 规范 第五条: what a member did while serving, not before joining or after leaving.
        .filter(Q(member__joined_on=None) | Q(dutyrecord__date__gte=F("member__joined_on")))
        .filter(Q(member__left_on=None) | Q(dutyrecord__date__lte=F("member__left_on")))
    )
    if member_ids is not None:
        rows = rows.filter(member_id__in=member_ids)
    rows = rows.order_by().values("member_id", "year").annotate(**aggregates)
    return {(row.pop("member_id"), row.pop("year")): row for row in rows}


def _write(counted: dict, member_ids: Iterable[int], years: Iterable[int]) -> int:
    """Upsert one row per (member, year) asked for: zeros where nothing was counted."""
    now = timezone.now()
    zeros = dict.fromkeys(TALLY_FIELDS, 0)
    rows = [
        MemberTally(member_id=member, year=year, updated_at=now,
                    **{**zeros, **counted.get((member, year), {})})
        for member in member_ids for year in years
    ]
    MemberTally.objects.bulk_create(
        rows, batch_size=BATCH, update_conflicts=True, unique_fields=["member", "year"],
        update_fields=[*TALLY_FIELDS, "updated_at"],
    )
    return len(rows)


def tallies_refresh(*, member_ids: Iterable[int], years: Iterable[int]) -> int:
    """Recount these members' tallies for these years from their records."""
    member_ids = sorted({pk for pk in member_ids if pk is not None})
    years = sorted({year for year in years if year is not None})
    if not member_ids or not years:
        return 0
    return _write(_counted(member_ids, years), member_ids, years)


@transaction.atomic
def tallies_rebuild(*, years: Iterable[int] | None = None) -> int:
    """Recount every member's tally for `years` (default: every year with records)."""
    from members.models import Member

    if years is None:
        years = {d.year for d in DutyRecord.objects.dates("date", "year")}
    years = sorted(set(years))
    counted = _counted(None, years)
    MemberTally.objects.filter(year__in=years).delete()
    members = list(Member.objects.order_by("pk").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(members), BATCH):
        chunk = members[start:start + BATCH]
        written += _write(counted, chunk, years)
    return written


def tallies_refresh_members(member_ids: Iterable[int], **_signal) -> int:
    """Recount these members' tallies for every year they have records in: their dates of
    joining or leaving changed, so which of their records count may have too."""
    member_ids = sorted(set(member_ids))
    if not member_ids:
        return 0
    years = DutyRecord.objects.filter(members__in=member_ids).dates("date", "year")
    return tallies_refresh(member_ids=member_ids, years={day.year for day in years})


# --- keeping them equal ----------------------------------------------------------------

def _members_of(record_pk: int) -> list[int]:
    through = DutyRecord.members.through
    return list(through.objects.filter(dutyrecord_id=record_pk).values_list("member_id", flat=True))


@receiver(pre_save, sender=DutyRecord, dispatch_uid="tally_pre_save")
def _remember_old_year(sender, instance, raw=False, **kwargs):
    instance._tally_old_year = None
    if instance.pk and not raw:
        old = DutyRecord.objects.filter(pk=instance.pk).values_list("date", flat=True).first()
        instance._tally_old_year = old.year if old else None


@receiver(post_save, sender=DutyRecord, dispatch_uid="tally_post_save")
def _record_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:  # a new record has no members yet: the m2m signal counts it
        return
    tallies_refresh(
        member_ids=_members_of(instance.pk),
        years={_date(instance).year, getattr(instance, "_tally_old_year", None)},
    )


def _date(record) -> dt.date:
    value = record.date
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@receiver(m2m_changed, sender=DutyRecord.members.through, dispatch_uid="tally_m2m")
def _members_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Forward (a record's members changed): recount those members for the record's year.
    Reverse (a member's records changed): recount that member for those records' years.
    A clear says nothing of what it removes, so what it will remove is noted just before."""
    if action == "pre_clear":
        instance._tally_cleared = (
            set(instance.duty_records.dates("date", "year")) if reverse
            else _members_of(instance.pk)
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    cleared = getattr(instance, "_tally_cleared", []) if action == "post_clear" else None
    if reverse:
        years = (
            {d.year for d in cleared} if cleared is not None
            else {d.year for d in DutyRecord.objects.filter(pk__in=pk_set).dates("date", "year")}
        )
        tallies_refresh(member_ids=[instance.pk], years=years)
    else:
        members = cleared if cleared is not None else pk_set
        tallies_refresh(member_ids=members or [], years=[_date(instance).year])


def _terms(member) -> tuple:
    return (member.joined_on, member.left_on)


@receiver(pre_save, sender="members.Member", dispatch_uid="tally_member_pre_save")
def _remember_old_terms(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._tally_old_terms = None
    if update_fields is not None and not {"joined_on", "left_on"} & set(update_fields):
        return
    if instance.pk and not raw:
        instance._tally_old_terms = (
            sender.objects.filter(pk=instance.pk).values_list("joined_on", "left_on").first()
        )


@receiver(post_save, sender="members.Member", dispatch_uid="tally_member_post_save")
def _member_saved(sender, instance, created, raw=False, **kwargs):
    """A member's dates changed (the admin, the shell): recount their records' years."""
    if created or raw:  # a new member has no records yet
        return
    old = getattr(instance, "_tally_old_terms", None)
    if old is not None and tuple(old) != _terms(instance):
        tallies_refresh_members([instance.pk])
