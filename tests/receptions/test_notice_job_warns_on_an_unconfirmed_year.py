"""规范 第九条: the daily job publishes each notice 3 days ahead; before it publishes one for a
date in a year whose holiday schedule is not entered, the district's staff are told, once."""

import datetime as dt

from notices.choices import Channel
from notices.models import Message
from receptions.models import CalendarYear, Notice, Reception
from receptions.services import notice_publish_due

D = dt.date
DAY = D(2027, 1, 15)  # a Friday
SUBJECT = "2027年放假安排尚未录入，接待公告即将发布"


def _reception(personas):
    reception = Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=DAY, date=DAY, place="北京街"
    )
    reception.members.add(personas.member)
    return reception


def _warned(user):
    return Message.objects.filter(recipient=user, channel=Channel.INBOX, subject=SUBJECT)


def test_district_staff_are_told_once_and_the_notice_still_goes_out(personas):
    _reception(personas)

    [notice] = notice_publish_due(today=DAY - dt.timedelta(days=3))
    notice_publish_due(today=DAY - dt.timedelta(days=2))

    assert notice.reception.date == DAY
    [message] = _warned(personas.yuexiu_staff)
    assert "暂定" in message.body and "规范 第九条" in message.body
    assert not _warned(personas.liwan_staff).exists()  # another district's staff
    assert not _warned(personas.beijing_clerk).exists()


def test_a_second_reception_of_the_same_year_and_district_tells_nobody_again(personas):
    _reception(personas)
    notice_publish_due(today=DAY - dt.timedelta(days=3))
    later = D(2027, 3, 15)
    Reception.objects.create(workroom=personas.beijing_room, nominal_date=later, date=later)

    notice_publish_due(today=later - dt.timedelta(days=3))

    assert _warned(personas.yuexiu_staff).count() == 1


def test_nobody_is_told_once_the_year_is_entered(personas):
    _reception(personas)
    CalendarYear.objects.create(year=2027, complete=True, source="国务院办公厅通知")

    notice_publish_due(today=DAY - dt.timedelta(days=3))

    assert Notice.objects.count() == 1
    assert not Message.objects.filter(subject=SUBJECT).exists()


def test_the_daily_task_tells_them_too(personas, monkeypatch):
    from django.utils import timezone

    from receptions.tasks import publish_due_notices

    _reception(personas)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: DAY - dt.timedelta(days=3))

    publish_due_notices()

    assert _warned(personas.yuexiu_staff).count() == 1
