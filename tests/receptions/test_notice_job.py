"""规范 第九条: 在接待前3天应当在社区张贴公告 — the daily job publishes each notice once."""

import datetime as dt

from notices.choices import Channel
from notices.models import Message, SmsOutbox
from receptions.choices import NoticeKind, ReceptionStatus
from receptions.models import Notice
from receptions.services import notice_publish_due
from receptions.tasks import publish_due_notices

from .conftest import RECEPTION_DAY

D = dt.date


def test_nothing_is_published_4_days_ahead(reception):
    assert notice_publish_due(today=RECEPTION_DAY - dt.timedelta(days=4)) == []
    assert not Notice.objects.exists()


def test_the_notice_is_published_3_days_ahead_with_time_place_and_members(reception):
    [notice] = notice_publish_due(today=D(2026, 11, 13))

    reception.refresh_from_db()
    assert reception.status == ReceptionStatus.PUBLISHED
    assert reception.notice_published_at is not None
    assert reception.noticed_late is False
    assert (notice.kind, notice.sequence) == (NoticeKind.NOTICE, 1)
    assert notice.content["date"] == "2026-11-16"
    assert notice.content["starts_at"] == "09:00" and notice.content["ends_at"] == "11:30"
    assert notice.content["place"] == "北京街党群服务中心二楼"
    assert notice.content["members"] == ["陈明"]
    assert notice.pdf.name.endswith(".pdf")


def test_the_clerk_is_asked_to_print_and_post_it_and_the_member_is_told(
    reception, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the SMS leave after commit
        notice_publish_due(today=D(2026, 11, 13))

    clerk = Message.objects.get(recipient=personas.beijing_clerk, channel=Channel.INBOX)
    assert "请打印" in clerk.subject and "张贴" in clerk.body
    assert "2026年11月16日（周一）09:00—11:30" in clerk.body
    assert "北京街党群服务中心二楼" in clerk.body and "陈明" in clerk.body
    member = Message.objects.get(recipient=personas.member_user, channel=Channel.INBOX)
    assert "当值委员" in member.body
    # The number is encrypted in the outbox: compare in Python.
    assert [sms.phone for sms in SmsOutbox.objects.all()].count(personas.member.phone) == 1


def test_a_second_run_publishes_and_sends_nothing(reception):
    notice_publish_due(today=D(2026, 11, 13))
    messages = Message.objects.count()

    assert notice_publish_due(today=D(2026, 11, 13)) == []
    assert notice_publish_due(today=D(2026, 11, 14)) == []
    assert Notice.objects.count() == 1
    assert Message.objects.count() == messages


def test_the_daily_task_publishes_through_the_same_claim(reception, today, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 11, 13))

    assert publish_due_notices() == 1
    assert publish_due_notices() == 0
    assert Notice.objects.count() == 1


def test_a_cancelled_reception_gets_no_notice(reception):
    reception.status = ReceptionStatus.CANCELLED
    reception.save()

    assert notice_publish_due(today=D(2026, 11, 13)) == []


def test_a_notice_published_late_by_the_job_counts_as_noticed_late(reception):
    notice_publish_due(today=D(2026, 11, 15))

    reception.refresh_from_db()
    assert reception.noticed_late is True
