"""Overdue steps are listed, and the daily job reminds the handler and the district staff
once per overdue step, not on every run (a claimed row, as healthchecks does)."""

import datetime as dt

from django.urls import reverse

from cases.choices import Action
from cases.models import Case
from cases.services import case_route, cases_remind_overdue
from cases.tasks import remind_overdue_cases
from notices.models import Message

LATE = dt.date(2026, 5, 1)


def _overdue_messages():
    return Message.objects.filter(key__endswith=":overdue", channel="inbox")


def test_overdue_job_reminds_once_per_overdue_step(ledger):
    p = ledger.p
    assert ledger.case.due_date < LATE
    assert list(Case.objects.overdue(LATE)) == [ledger.case]
    assert cases_remind_overdue(today=LATE) == 1
    told = set(_overdue_messages().values_list("recipient__username", flat=True))
    assert told == {"beijing_clerk", "yuexiu"}  # the handler and the district's staff
    assert cases_remind_overdue(today=LATE) == 0
    assert cases_remind_overdue(today=LATE + dt.timedelta(days=1)) == 0
    assert _overdue_messages().count() == 2

    # A new step is a new deadline: when it too runs late, one more reminder.
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk,
                      today=LATE)
    much_later = case.due_date + dt.timedelta(days=1)
    assert cases_remind_overdue(today=much_later) == 1
    assert _overdue_messages().filter(recipient=p.beijing_lead).count() == 1
    assert cases_remind_overdue(today=much_later) == 0


def test_closed_cases_are_never_overdue(ledger):
    case_route(case=ledger.case, action=Action.ANSWER, by=ledger.p.beijing_clerk, answer="已答复")
    assert not Case.objects.overdue(LATE).exists()
    assert cases_remind_overdue(today=LATE) == 0


def test_the_celery_task_runs_the_same_job(ledger):
    assert remind_overdue_cases.delay().get() == 1  # today is long after March 2026
    assert remind_overdue_cases.delay().get() == 0


def test_the_beat_schedule_runs_the_job_daily():
    from config.celery import app

    entry = app.conf.beat_schedule["cases-overdue-reminders"]
    assert entry["task"] == "cases.tasks.remind_overdue_cases"
    assert entry["options"]["expires"] < 24 * 60 * 60


def test_staff_see_the_overdue_list_and_other_districts_do_not(client, ledger):
    client.force_login(ledger.p.yuexiu_staff)
    response = client.get(reverse("cases:overdue"))
    assert list(response.context["page"]) == [ledger.case]
    client.force_login(ledger.p.liwan_staff)
    assert list(client.get(reverse("cases:overdue")).context["page"]) == []
