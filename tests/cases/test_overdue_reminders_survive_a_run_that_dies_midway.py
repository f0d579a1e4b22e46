"""The overdue reminder of a step is claimed in the same transaction that writes the
reminders: a run that dies before it has written them (a worker killed, a database error)
leaves the step unclaimed, and the redelivered or next run reminds once."""

import datetime as dt

import pytest

from cases import services
from cases.services import cases_remind_overdue
from notices.models import Message

LATE = dt.date(2026, 5, 1)


def test_a_run_that_dies_before_reminding_leaves_the_step_for_the_next_run(ledger, monkeypatch):
    def dies(**kwargs):
        raise RuntimeError("the worker died here")

    monkeypatch.setattr(services, "notify", dies)
    with pytest.raises(RuntimeError):
        cases_remind_overdue(today=LATE)
    monkeypatch.undo()

    assert cases_remind_overdue(today=LATE) == 1
    assert cases_remind_overdue(today=LATE) == 0
    told = Message.objects.filter(key__endswith=":overdue", channel="inbox")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["beijing_clerk",
                                                                         "yuexiu"]
