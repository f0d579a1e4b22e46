"""A reminder round is claimed in the same transaction that writes its reminders: a run that
dies midway (a worker killed after telling one member) leaves the date unclaimed and nobody
told, and the redelivered run tells each member once."""

import datetime as dt

import pytest

from notices.models import Message
from scoring import services
from scoring.models import ReminderRun
from scoring.tasks import send_quota_reminders

pytestmark = pytest.mark.django_db

OCTOBER_FIRST = dt.date(2026, 10, 1).isoformat()


def test_a_round_that_dies_after_the_first_member_is_done_whole_by_the_next_run(
    personas, monkeypatch
):
    notify, calls = services.notify, []

    def dies_on_the_second(**kwargs):
        calls.append(kwargs["people"])
        if len(calls) == 2:
            raise RuntimeError("the worker died here")
        return notify(**kwargs)

    monkeypatch.setattr(services, "notify", dies_on_the_second)
    with pytest.raises(RuntimeError):
        send_quota_reminders(OCTOBER_FIRST)
    monkeypatch.undo()
    assert not Message.objects.exists() and not ReminderRun.objects.exists()

    assert send_quota_reminders(OCTOBER_FIRST) == 2
    for member in (personas.member, personas.other_member):
        assert Message.objects.filter(recipient=member.user, channel="inbox").count() == 1
