"""A duty record is entered once (规范 第十四条: each visit counts 10 points once). The admin's
add form and a member's contact log carry their own hidden token: sent again, they show the
record the first submission made. A record typed by hand for a workroom visit the ledger
already holds (same member, same day) is flagged to the staff who confirm it."""

import re

from django.urls import reverse

from scoring.choices import DutyKind, RecordSource
from scoring.models import DutyRecord
from scoring.services import duty_record_create

from ..factories import ConstituentFactory


def _token(response) -> str:
    return re.search(r'name="once" value="([0-9a-f-]{36})"', response.content.decode()).group(1)


def test_the_admin_add_form_sent_twice_enters_one_record(client, personas):
    client.force_login(personas.economy_staff)
    url = reverse("admin:scoring_dutyrecord_add")
    typed = {
        "once": _token(client.get(url)), "kind": DutyKind.COMMITTEE_RESEARCH,
        "title": "经济委员会视察", "date": "2026-06-01", "members": [personas.member.pk],
    }
    assert client.post(url, typed).status_code == 302
    again = client.post(url, typed, follow=True)

    record = DutyRecord.objects.get()
    assert again.redirect_chain[-1][0] == reverse(
        "admin:scoring_dutyrecord_change", args=[record.pk])
    assert "已经提交过，未重复登记" in again.content.decode()
    assert list(record.members.all()) == [personas.member]


def test_a_members_contact_log_sent_twice_is_recorded_once(client, personas):
    ConstituentFactory(member=personas.member, name="张三")
    client.force_login(personas.member_user)
    page = client.get(reverse("scoring:me"))
    constituent = personas.member.constituents.get()
    typed = {"once": _token(page), "constituent": constituent.pk, "date": "2026-06-01",
             "note": "反映停车难"}
    client.post(reverse("scoring:log_contact"), typed)
    client.post(reverse("scoring:log_contact"), typed)
    assert DutyRecord.objects.filter(kind=DutyKind.CONSTITUENT_CONTACT).count() == 1


def test_a_hand_entered_visit_the_ledger_already_holds_is_flagged(client, personas):
    duty_record_create(kind=DutyKind.COMMUNITY_ACTIVITY, members=[personas.member],
                       date="2026-05-15", title="北京街工作室委员接待日",
                       source=RecordSource.LEDGER, source_ref="activity:1")
    typed = duty_record_create(kind=DutyKind.COMMUNITY_ACTIVITY, members=[personas.member],
                               date="2026-05-15", title="到北京街工作室接待群众",
                               source=RecordSource.MANUAL)
    other_day = duty_record_create(kind=DutyKind.COMMUNITY_ACTIVITY, members=[personas.member],
                                   date="2026-07-15", title="到北京街工作室接待群众",
                                   source=RecordSource.MANUAL)
    client.force_login(personas.yuexiu_staff)
    listing = client.get(reverse("admin:scoring_dutyrecord_changelist"))
    flagged = {row.pk: row.ledger_twin for row in listing.context["cl"].result_list}
    assert flagged[typed.pk] is True and flagged[other_day.pk] is False
    assert "疑似与台账重复" in listing.content.decode()

    confirmed = client.post(reverse("admin:scoring_dutyrecord_changelist"), {
        "action": "confirm", "_selected_action": [typed.pk, other_day.pk]}, follow=True)
    assert "1 条手工录入的进社区记录与工作室台账同日同委员的记录疑似重复" in (
        confirmed.content.decode())
