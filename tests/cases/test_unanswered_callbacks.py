"""A closing not answered within the callback wait (working days, 本地设置) is recorded as
逾期未答复 by the daily job, once, and never counted as satisfied."""

import datetime as dt

from django.utils import timezone

from cases.callbacks import callback_deadline, callbacks_record_no_answer
from cases.choices import SATISFIED_LEVELS, CallbackChannel, SettingKey
from cases.models import Callback, RoutingSetting
from cases.tasks import record_unanswered_callbacks

from .closing import callback_sms, closed_by_town_office, closed_days_ago
from .conftest import new_case


def test_the_job_records_no_answer_once_after_the_wait_and_not_as_satisfied(ledger):
    case = closed_by_town_office(ledger)
    deadline = callback_deadline(case)
    assert callbacks_record_no_answer(today=deadline) == 0  # the last day to answer
    assert callbacks_record_no_answer(today=deadline + dt.timedelta(days=1)) == 1
    assert callbacks_record_no_answer(today=deadline + dt.timedelta(days=2)) == 0  # once
    callback = Callback.objects.get(case=case)
    assert callback.channel == CallbackChannel.NO_ANSWER and not callback.answered
    assert callback.solved == "" and callback.satisfaction not in SATISFIED_LEVELS
    assert callback.comment == ""  # the visitor could be asked; they did not answer


def test_the_wait_is_the_local_setting_in_working_days(ledger):
    RoutingSetting.objects.filter(key=SettingKey.CALLBACK_WAIT_DAYS).update(value=1)
    case = closed_by_town_office(ledger)
    closed_on = timezone.localdate(case.closed_at)
    assert callback_deadline(case) > closed_on
    assert callbacks_record_no_answer(today=callback_deadline(case) + dt.timedelta(days=1)) == 1


def test_an_answered_closing_is_left_alone(client, ledger):
    case = closed_by_town_office(ledger)
    client.post(callback_sms(case).link, {"solved": "solved", "satisfaction": "satisfied"})
    assert callbacks_record_no_answer(today=callback_deadline(case) + dt.timedelta(days=3)) == 0
    assert Callback.objects.get(case=case).channel == CallbackChannel.SMS


def test_a_case_with_nobody_to_ask_is_recorded_unanswered_with_why(ledger):
    ledger.case = new_case(ledger.activity, ledger.p.beijing_clerk)  # no visitor
    case = closed_by_town_office(ledger)
    callbacks_record_no_answer(today=callback_deadline(case) + dt.timedelta(days=1))
    callback = Callback.objects.get(case=case)
    assert callback.channel == CallbackChannel.NO_ANSWER
    assert "未留联系电话" in callback.comment


def test_the_daily_task_records_what_waited_long_enough_by_today(ledger):
    closed_days_ago(closed_by_town_office(ledger), 20)
    assert record_unanswered_callbacks() == 1
    assert record_unanswered_callbacks() == 0


def test_closings_older_than_the_job_looks_back_are_left_without_a_row(ledger):
    closed_days_ago(closed_by_town_office(ledger), 400)  # closed before callbacks existed
    assert record_unanswered_callbacks() == 0


def test_the_beat_schedule_runs_the_job_daily():
    from config.celery import app

    entry = app.conf.beat_schedule["cases-unanswered-callbacks"]
    assert entry["task"] == record_unanswered_callbacks.name
    assert entry["options"]["expires"] < 24 * 60 * 60
