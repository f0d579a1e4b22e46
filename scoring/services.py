from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.once import claim_once
from members.models import Constituent, Member
from notices.services import notify

from .choices import DutyKind, RecordSource
from .models import DutyRecord, QuotaReminderDate, QuotaRule, ReminderRun, ScoringRule
from .quotas import MemberYear, quota_status
from .resources import ImportRejected, MemberDirectory, parse_duty_rows
from .tallies import tallies_refresh


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
    activity_form: str = "",  # an ActivityForm's code
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
            activity_form_id=activity_form or None, evidence=evidence, entered_by=entered_by,
            confirmed=confirmed,
        )
    record.members.set(members)
    return record


@transaction.atomic
def duty_records_confirm(*, records, by) -> int:
    """Staff confirm records (举措 四（四）); records already confirmed, or voided, are left
    as they were."""
    pending = records.filter(confirmed=False, voided_at=None)
    affected = list(
        DutyRecord.members.through.objects.filter(dutyrecord__in=pending.values("pk"))
        .values_list("member_id", "dutyrecord__date__year").distinct()
    )
    confirmed = pending.update(confirmed=True, confirmed_by=by, confirmed_at=timezone.now())
    tallies_refresh(  # a bulk UPDATE sends no signal (recounting a member's other year is harmless)
        member_ids={member for member, _year in affected}, years={year for _m, year in affected}
    )
    return confirmed


@transaction.atomic
def rules_copy(*, from_year: int, to_year: int) -> tuple[int, int]:
    """Carry a year's quota and scoring rules into another year; rules already there stay."""
    if from_year == to_year:
        raise ValidationError(_("目标年度不能与来源年度相同。"))
    quotas = scores = 0
    for rule in QuotaRule.objects.filter(year=from_year):
        _rule, created = QuotaRule.objects.get_or_create(
            year=to_year, measure=rule.measure, kind=rule.kind,
            applies_to=rule.applies_to, level=rule.level,
            defaults=_copied(rule, "position", "minimum", "maximum", "basis", "is_local_setting"),
        )
        quotas += created
    for rule in ScoringRule.objects.filter(year=from_year):
        _rule, created = ScoringRule.objects.get_or_create(
            year=to_year, kind=rule.kind, level=rule.level,
            defaults=_copied(rule, "category", "points", "basis", "is_local_setting"),
        )
        scores += created
    return quotas, scores


def _copied(rule, *names) -> dict:
    return {name: getattr(rule, name) for name in names}


def constituent_contact_log(
    *, member: Member, constituent: Constituent, date: dt.date, note: str, by
) -> DutyRecord:
    """A member logs a talk with a paired constituent (举措 三（三）); staff confirm it later."""
    if constituent.member_id != member.pk:
        raise ValidationError(_("只能记录与本人结对的界别群众的联系。"))
    if date > timezone.localdate():
        raise ValidationError(_("联系日期不能晚于今天。"))
    return duty_record_create(
        kind=DutyKind.CONSTITUENT_CONTACT, members=[member], date=date,
        title=f"联系界别群众：{constituent.name}", source=RecordSource.MANUAL,
        entered_by=by, evidence=note,
    )


@transaction.atomic
def duty_records_import(*, file, kind: str, by) -> tuple[int, int]:
    """Import a proposal or social-conditions office spreadsheet: all rows or none.

    Members are matched within the importer's own scope. Imported records are confirmed:
    the offices' registers are the record. Returns (created, already there).
    """
    if kind not in DutyKind.values:
        raise ImportRejected([_("未知的履职类别。")])
    directory = MemberDirectory(Member.objects.for_user(by).active())
    rows = parse_duty_rows(file, kind=kind, directory=directory)
    existing = set(
        DutyRecord.objects.filter(kind=kind, source_ref__in=[r.source_ref(kind) for r in rows])
        .values_list("source_ref", flat=True)
    )
    for row in rows:
        record = duty_record_create(
            kind=kind, members=row.members, date=row.date, title=row.title,
            source=RecordSource.IMPORT, source_ref=row.source_ref(kind), entered_by=by,
            evidence=_("导入自表格第%(line)s行") % {"line": row.line}, confirmed=True,
        )
        DutyRecord.objects.filter(pk=record.pk, confirmed_by=None).update(
            confirmed_by=by, confirmed_at=timezone.now()
        )
    return len(rows) - len(existing), len(existing)


def reminder_text(row: MemberYear, year: int) -> str:
    """What a member still lacks, in one short paragraph (SMS-sized)."""
    parts = [f"{q.rule.label}还差{q.missing}{q.rule.unit}" for q in row.lacking]
    pending = sum(row.pending.values())
    text = f"您{year}年度尚未完成的履职指标：" + "；".join(parts) + "。"
    if pending:
        text += f"另有{pending}条履职记录待工作人员确认。"
    return text + "详情请登录平台查看“我的履职”。"


@transaction.atomic
def quota_reminders_send(*, today: dt.date) -> int | None:
    """On a reminder date, tell each member behind on a quota what they lack; once per date.

    Returns how many members were told, or None when today is not a reminder date or the
    round was already claimed (a retry, a second beat). The claim and the reminders commit
    together, so a worker killed midway leaves the round unclaimed for its redelivery.
    """
    if not QuotaReminderDate.objects.filter(
        month=today.month, day=today.day, active=True
    ).exists():
        return None
    run = claim_once(ReminderRun, date=today)
    if run is None:
        return None  # someone else has this round
    told = 0
    status = quota_status(members=Member.objects.active(), year=today.year, many=True)
    for row in status.rows:
        if row.behind:
            notify(
                people=[row.member], key=f"quota-reminder:{row.member.pk}:{today:%Y-%m-%d}",
                subject=f"{today.year}年度履职提醒", body=reminder_text(row, today.year),
                link=reverse("scoring:me"),
            )
            told += 1
    ReminderRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), members_told=told)
    return told
