"""A case of the `ledger` fixture handled by the town/street's office and closed, and the
callback link its visitor was sent (cases.callbacks)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cases.choices import Action
from cases.models import Case
from cases.services import case_route
from notices.models import Message


def closed_by_town_office(ledger, *, reply="已修复路灯。") -> Case:
    """Submitted to the lead, instructed to 城市管理办公室 (handled by the lead), replied."""
    p = ledger.p
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    case = case_route(case=case, action=Action.INSTRUCT, by=p.beijing_lead,
                      instruction="请城管办核查修复。", department=ledger.town_office)
    return case_route(case=case, action=Action.REPLY, by=p.beijing_clerk, reply=reply)


def callback_sms(case: Case, round_: int = 0) -> Message:
    return Message.objects.get(key=f"case:{case.pk}:callback:{round_}", channel="sms")


def closed_days_ago(case: Case, days: int) -> Case:
    """As if the case had closed `days` days ago (the clock of the answer page is today's)."""
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=days))
    case.refresh_from_db()
    return case
