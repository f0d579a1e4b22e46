"""On the dates staff set (seeded 10-01 and 11-15) each member behind on a quota is told what
they lack, once per date however often the job runs."""

import datetime as dt

import pytest

from notices.models import Message
from scoring.models import QuotaReminderDate, ReminderRun
from scoring.tasks import send_quota_reminders

from .conftest import city_member, full_year

pytestmark = pytest.mark.django_db

OCTOBER_FIRST = dt.date(2026, 10, 1)


def _inbox_of(member):
    return Message.objects.filter(recipient=member.user, channel="inbox")


def test_a_member_behind_is_told_what_they_lack_on_a_reminder_date(personas):
    told = send_quota_reminders(OCTOBER_FIRST.isoformat())
    assert told == 2  # 陈明 (city) and 李华 (district): both have nothing yet
    message = _inbox_of(personas.member).get()
    assert "提案还差1件" in message.body and "进社区（工作室）活动还差2次" in message.body
    assert message.key == f"quota-reminder:{personas.member.pk}:2026-10-01"
    other = _inbox_of(personas.other_member).get()
    assert "提案" not in other.body  # 区政协委员: only the visits of 规范 第五条


def test_the_second_run_on_the_same_date_sends_nothing(personas):
    send_quota_reminders(OCTOBER_FIRST.isoformat())
    count = Message.objects.count()
    assert send_quota_reminders(OCTOBER_FIRST.isoformat()) is None
    assert Message.objects.count() == count
    run = ReminderRun.objects.get(date=OCTOBER_FIRST)
    assert run.finished_at and run.members_told == 2


def test_nothing_is_sent_on_other_dates_or_on_a_disabled_date(personas):
    assert send_quota_reminders("2026-10-02") is None
    QuotaReminderDate.objects.filter(month=11, day=15).update(active=False)
    assert send_quota_reminders("2026-11-15") is None
    assert not Message.objects.exists() and not ReminderRun.objects.exists()


def test_a_member_who_met_every_quota_is_not_told(personas):
    member = city_member()
    from ..factories import UserFactory

    member.user = UserFactory(username="done", role="member")
    member.save()
    full_year(member)
    send_quota_reminders("2026-11-15")
    assert not _inbox_of(member).exists()
    assert _inbox_of(personas.member).exists()


def test_the_beat_schedule_runs_the_job_daily():
    from config.celery import app

    entry = app.conf.beat_schedule["scoring-quota-reminders"]
    assert entry["task"] == "scoring.tasks.send_quota_reminders" and entry["options"]["expires"]
