"""规范 第十四条: a city member's community activity earns 10 points. A record entered in
error is voided in the admin with a reason, not deleted: it stays, marked 已作废, with who
voided it and why in its history and in the audit trail, and it no longer counts towards
the member's quotas or points, on the member's page or anywhere else."""

from decimal import Decimal

import pytest
from django.urls import reverse

from audit.choices import EventKind
from audit.models import AuditEvent
from members.models import Member
from scoring.choices import DutyKind
from scoring.models import DutyRecord
from scoring.quotas import quota_status

from .conftest import YEAR, record

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:scoring_dutyrecord_changelist")


def standing(member):
    row = quota_status(members=Member.objects.filter(pk=member.pk), year=YEAR).rows[0]
    return row.points.get("topic_consultation", Decimal(0)), row.counts[DutyKind.COMMUNITY_ACTIVITY]


def void(client, duty, reason):
    return client.post(CHANGELIST, {"action": "void", "_selected_action": [duty.pk],
                                    "post": "yes", "reason": reason})


def test_a_voided_community_activity_no_longer_earns_its_ten_points(client, personas):
    member = personas.member  # 市政协委员 of 越秀区
    kept = record(DutyKind.COMMUNITY_ACTIVITY, member, title="北京街接待日")
    wrong = record(DutyKind.COMMUNITY_ACTIVITY, member, title="重复录入的接待日")
    assert standing(member) == (Decimal(20), 2)
    client.force_login(personas.yuexiu_staff)
    assert void(client, wrong, "与北京街接待日重复").status_code == 302
    assert standing(member) == (Decimal(10), 1)
    wrong.refresh_from_db()
    assert wrong.voided_by == personas.yuexiu_staff and wrong.void_reason == "与北京街接待日重复"
    assert "与北京街接待日重复" in wrong.history.latest().history_change_reason
    event = AuditEvent.objects.get(kind=EventKind.VOID)
    assert (event.user, event.object_id) == (personas.yuexiu_staff, str(wrong.pk))
    listed = client.get(CHANGELIST, {"voided": "yes"}).content.decode()
    assert "重复录入的接待日" in listed and "已作废" in listed and kept.title not in listed
    client.force_login(personas.member_user)
    page = client.get(reverse("scoring:me"), {"year": YEAR}).content.decode()
    assert kept.title in page and wrong.title not in page


def test_a_voided_record_is_read_only_and_cannot_be_confirmed(client, personas):
    wrong = record(DutyKind.PROPOSAL, personas.member, confirmed=False)
    client.force_login(personas.economy_staff)
    assert void(client, wrong, "委员并未提交").status_code == 302
    client.post(CHANGELIST, {"action": "confirm", "_selected_action": [wrong.pk]})
    client.post(reverse("admin:scoring_dutyrecord_change", args=[wrong.pk]), {
        "kind": DutyKind.PROPOSAL, "title": "改回", "date": f"{YEAR}-05-15",
        "members": [personas.member.pk],
    })
    wrong.refresh_from_db()
    assert not wrong.confirmed and wrong.title != "改回" and wrong.voided_at is not None
    assert standing(personas.member) == (Decimal(0), 0)


def test_a_record_is_not_voided_without_a_reason(client, personas):
    duty = record(DutyKind.COMMUNITY_ACTIVITY, personas.member)
    client.force_login(personas.city)
    response = void(client, duty, "")
    assert response.status_code == 200 and "请填写作废原因" in response.content.decode()
    assert DutyRecord.objects.get(pk=duty.pk).voided_at is None
