"""规范 第九条: a change after the notice is out (date, time, place, members) gives a
corrected notice (更正公告) with a new PDF and new messages; no change gives nothing."""

import datetime as dt
import subprocess

from notices.choices import Channel
from notices.models import Message
from receptions.choices import NoticeKind, ReceptionStatus
from receptions.services import (
    notice_correct,
    notice_publish_due,
    reception_cancel,
    reception_record_change,
)
from tests.factories import MemberFactory

D = dt.date
TODAY = D(2026, 11, 13)


def published(reception):
    notice_publish_due(today=TODAY)
    reception.refresh_from_db()
    return reception


def test_moving_a_published_reception_gives_a_corrected_notice(reception, personas):
    reception = published(reception)
    reception.date = D(2026, 11, 18)
    reception.save()

    correction = notice_correct(reception_id=reception.pk)

    assert (correction.kind, correction.sequence) == (NoticeKind.CORRECTION, 2)
    assert correction.content["date"] == "2026-11-18"
    text = subprocess.run(
        ["pdftotext", correction.pdf.path, "-"], capture_output=True, text=True
    ).stdout
    assert "更正公告" in text and "2026年11月18日" in text and "2026年11月16日" in text
    clerk = Message.objects.filter(recipient=personas.beijing_clerk, channel=Channel.INBOX)
    assert [m.subject for m in clerk.order_by("pk")] == [
        "请打印张贴公告：北京街工作室",
        "请打印张贴更正公告：北京街工作室",
    ]


def test_changing_the_members_on_duty_tells_the_new_and_the_removed_member(reception, personas):
    reception = published(reception)
    newcomer = MemberFactory(name="王芳")
    reception.members.set([newcomer])

    correction = notice_correct(reception_id=reception.pk)

    assert correction.content["members"] == ["王芳"]
    assert Message.objects.filter(
        key=f"reception-notice:{correction.pk}:member", recipient_name="王芳"
    ).exists()
    removed = Message.objects.get(
        key=f"reception-notice:{correction.pk}:removed", channel=Channel.INBOX
    )
    assert removed.recipient == personas.member_user and "不再担任" in removed.body


def test_an_edit_that_changes_nothing_the_notice_says_gives_no_correction(reception):
    reception = published(reception)
    reception.save()

    assert notice_correct(reception_id=reception.pk) is None
    assert reception.notices.count() == 1


def test_a_staff_edit_queues_the_correction_and_says_so(
    reception, django_capture_on_commit_callbacks
):
    reception = published(reception)
    reception.place = "北京街社区服务站"

    with django_capture_on_commit_callbacks(execute=True):
        warnings = reception_record_change(
            reception=reception, old_date=reception.date, today=TODAY
        )

    assert any("更正公告" in w for w in warnings)
    assert list(reception.notices.values_list("kind", flat=True)) == [
        NoticeKind.NOTICE,
        NoticeKind.CORRECTION,
    ]


def test_cancelling_a_published_reception_gives_a_corrected_notice_and_keeps_it_in_history(
    reception,
    django_capture_on_commit_callbacks,
):
    reception = published(reception)

    with django_capture_on_commit_callbacks(execute=True):
        reception_cancel(reception=reception, reason="场地维修")

    reception.refresh_from_db()
    assert reception.status == ReceptionStatus.CANCELLED
    correction = reception.notices.get(sequence=2)
    assert correction.content["cancelled"] is True
    text = subprocess.run(
        ["pdftotext", correction.pdf.path, "-"], capture_output=True, text=True
    ).stdout
    assert "取消" in text
    assert reception.history.filter(status=ReceptionStatus.CANCELLED).exists()


def test_a_move_is_kept_in_history(reception):
    reception.date = D(2026, 11, 17)
    reception_record_change(reception=reception, old_date=D(2026, 11, 16), today=D(2026, 11, 1))

    dates = list(reception.history.order_by("history_date").values_list("date", flat=True))
    assert dates[0] == D(2026, 11, 16) and dates[-1] == D(2026, 11, 17)
    reception.refresh_from_db()
    assert reception.manual_date is True
    assert reception.move_reason == "工作人员调整：2026-11-16 改至 2026-11-17"


def test_a_correction_whose_task_was_lost_is_issued_by_the_daily_run(
    reception, personas, monkeypatch
):
    """The broker was down when staff moved the reception: the 更正公告's task never ran.
    The next daily run finds the notice out of date and issues the correction, once."""
    from receptions import services, tasks

    reception = published(reception)
    monkeypatch.setattr(services, "_queue", lambda *args: None)  # the lost task
    reception_record_change(reception=reception, old_date=reception.date, today=TODAY)
    reception.date = D(2026, 11, 18)
    reception_record_change(reception=reception, old_date=D(2026, 11, 16), today=TODAY)
    assert not reception.notices.filter(kind=NoticeKind.CORRECTION).exists()

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    tasks.publish_due_notices()
    tasks.publish_due_notices()  # a second run finds nothing more to correct

    assert list(reception.notices.values_list("kind", "sequence")) == [
        (NoticeKind.NOTICE, 1), (NoticeKind.CORRECTION, 2)]
