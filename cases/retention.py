"""Visitors' personal data is kept only as long as the work needs (个人信息保护法 第十九条):
once every case of a visitor has been closed for longer than the period
staff set (`RoutingSetting` 来访群众个人信息保存期限, seeded 36 months, 本地设置), the daily
job replaces the name with 已匿名, clears phone, address and consent, clears the number
from every SMS sent to them about their cases (receipt, progress, outcome, callback, codes)
and the comment they gave at the callback. The cases stay (the ledger's counts and contents,
规范 第十四条), and so do the callback's two answers (the 三率 count them).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.utils import timezone, translation

from core.once import claim_once
from notices.choices import Channel
from notices.models import Message, SmsOutbox

from .choices import SettingKey
from .models import Callback, RetentionRun, RoutingSetting, Visitor

ANONYMISED_NAME = "已匿名"
BATCH = 500


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def visitors_anonymise_expired(
    *, today: dt.date, now: dt.datetime | None = None
) -> RetentionRun | None:
    """Once per day (claimed): anonymise every visitor due; None when today's run was
    already claimed (a second beat, a retry)."""
    now = now or timezone.now()
    months = RoutingSetting.objects.value(SettingKey.VISITOR_RETENTION_MONTHS)
    cutoff = timezone.make_aware(dt.datetime.combine(months_before(today, months), dt.time.min))
    run = claim_once(RetentionRun, day=today, defaults={"months": months, "cutoff": cutoff})
    if run is None:
        return None
    due = list(Visitor.objects.due_for_anonymising(cutoff).values_list("pk", flat=True))
    visitors = messages = 0
    for start in range(0, len(due), BATCH):
        done, cleared = _anonymise(due[start:start + BATCH], now)
        visitors, messages = visitors + done, messages + cleared
    RetentionRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), visitors_anonymised=visitors, messages_cleared=messages
    )
    run.refresh_from_db()
    return run


@transaction.atomic
def _anonymise(ids: list[int], now: dt.datetime) -> tuple[int, int]:
    cleared = _forget_numbers(ids)
    # Written once (Callback.save refuses): the queryset's update is the retention's own way.
    Callback.objects.filter(case__visitor_id__in=ids).exclude(comment="").update(comment="")
    done = Visitor.objects.filter(pk__in=ids, anonymised_at=None).update(
        name=ANONYMISED_NAME, phone="", address="", consent_to_contact=False,
        consent_recorded_at=None, anonymised_at=now,
    )
    return done, cleared


def _forget_numbers(ids: list[int]) -> int:
    """Every SMS to these visitors about a case (notices keep them under 来访群众 #id)."""
    with translation.override("zh-hans"):
        names = [str(Visitor(pk=pk)) for pk in ids]
    sent = Message.objects.filter(
        recipient=None, channel=Channel.SMS, recipient_name__in=names, key__startswith="case:",
    ).exclude(address="")
    SmsOutbox.objects.filter(message__in=sent.values("pk")).update(phone="")
    return sent.update(address="", address_digest="")
