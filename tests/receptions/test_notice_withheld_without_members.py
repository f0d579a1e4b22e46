"""规范 第九条: 公告接待时间、地点、委员姓名 — a reception due for its notice with no member on
duty gets no notice naming nobody: it is marked 公告暂缓, the district's staff and the
workroom's clerk are told at once and once, and it is published as soon as a member is
assigned (at once when staff assign one in the admin, else by the next run of the job)."""

import datetime as dt

import pytest

from notices.choices import Channel
from notices.models import Message
from receptions.choices import ReceptionStatus
from receptions.models import Notice, Reception
from receptions.services import notice_publish_due

D = dt.date
DAY = D(2026, 11, 26)  # three days after the pinned today (tests/receptions/conftest.py)


@pytest.fixture
def bare(personas):
    """北京街工作室's reception of 2026-11-26 with nobody on duty."""
    return Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=DAY, date=DAY, place="北京街党群服务中心"
    )


def inbox(user):
    return Message.objects.filter(recipient=user, channel=Channel.INBOX)


def test_the_job_publishes_no_notice_for_a_reception_with_no_member_on_duty(bare):
    assert notice_publish_due(today=D(2026, 11, 23)) == []

    bare.refresh_from_db()
    assert not Notice.objects.exists()
    assert bare.status == ReceptionStatus.PLANNED and bare.notice_published_at is None
    assert bare.notice_withheld_at is not None and bare.notice_withheld


def test_district_staff_and_the_clerk_are_told_at_once_and_only_once(bare, personas):
    notice_publish_due(today=D(2026, 11, 23))
    written = Message.objects.count()

    notice_publish_due(today=D(2026, 11, 23))
    notice_publish_due(today=D(2026, 11, 24))

    assert Message.objects.count() == written
    [staff] = inbox(personas.yuexiu_staff)
    [clerk] = inbox(personas.beijing_clerk)
    for message in (staff, clerk):
        assert "尚未安排当值委员" in message.subject
        assert "规范 第九条" in message.body and "2026年11月26日（周四）" in message.body
        assert f"/admin/receptions/reception/{bare.pk}/change/" in message.body
    assert not inbox(personas.liwan_staff).exists()  # another district's staff
    assert not inbox(personas.member_user).exists()


def test_staff_see_the_withheld_reception_in_the_admin_list(bare, personas, client, today):
    notice_publish_due(today=D(2026, 11, 23))
    client.force_login(personas.yuexiu_staff)

    page = client.get("/admin/receptions/reception/").content.decode()
    assert "1 场接待尚未安排当值委员，公告暂缓发布" in page
    assert "公告暂缓：缺当值委员" in page  # the column
    listed = client.get("/admin/receptions/reception/?withheld=yes").context["cl"].result_list
    assert list(listed) == [bare]
    assert not client.get("/admin/receptions/reception/?withheld=no").context["cl"].result_list

    client.force_login(personas.liwan_staff)
    assert "尚未安排当值委员" not in client.get("/admin/receptions/reception/").content.decode()


def test_the_next_run_publishes_it_once_a_member_is_assigned(bare, personas):
    notice_publish_due(today=D(2026, 11, 23))
    bare.members.add(personas.member)

    [notice] = notice_publish_due(today=D(2026, 11, 24))

    assert notice.content["members"] == ["陈明"]
    bare.refresh_from_db()
    assert bare.status == ReceptionStatus.PUBLISHED
    assert bare.noticed_late is True  # 2 days ahead: less than the 3 days of 规范 第九条
    assert not bare.notice_withheld


def test_assigning_a_member_in_the_admin_publishes_it_at_once(
    bare, personas, client, today, django_capture_on_commit_callbacks
):
    notice_publish_due(today=D(2026, 11, 23))
    client.force_login(personas.beijing_clerk)
    data = {
        "date": "2026-11-26", "move_reason": "", "starts_at": "09:00", "ends_at": "11:30",
        "place": "北京街党群服务中心", "members": [personas.member.pk], "status": "planned",
        "notices-TOTAL_FORMS": "0", "notices-INITIAL_FORMS": "0",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/receptions/reception/{bare.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    [notice] = bare.notices.all()
    assert notice.content["members"] == ["陈明"]
    bare.refresh_from_db()
    assert bare.status == ReceptionStatus.PUBLISHED
    assert "请打印" in inbox(personas.beijing_clerk).order_by("-pk").first().subject


def test_publish_now_names_the_receptions_it_could_not_publish(bare, personas, client, today):
    client.force_login(personas.yuexiu_staff)

    response = client.post(
        "/admin/receptions/reception/",
        {"action": "publish_now", "_selected_action": [bare.pk]}, follow=True,
    )

    page = response.content.decode()
    assert "已发布 0 份接待公告" in page
    assert "尚未安排当值委员，公告未发布" in page and "北京街工作室 2026-11-26" in page
    bare.refresh_from_db()
    assert bare.notice_withheld
    assert inbox(personas.yuexiu_staff).count() == 1
