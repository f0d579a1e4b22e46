"""举措 四（四）: committee and district staff enter and confirm their members' records."""

import pytest
from django.urls import reverse

from scoring.choices import DutyKind
from scoring.models import DutyRecord

from .conftest import record

pytestmark = pytest.mark.django_db


def _confirm(client, *records):
    return client.post(reverse("admin:scoring_dutyrecord_changelist"), {
        "action": "confirm", "_selected_action": [r.pk for r in records],
    })


def test_committee_staff_confirm_their_members_records(client, personas):
    own = record(DutyKind.PROPOSAL, personas.member, confirmed=False)
    client.force_login(personas.economy_staff)
    assert _confirm(client, own).status_code == 302
    own.refresh_from_db()
    assert own.confirmed and own.confirmed_by == personas.economy_staff


def test_staff_cannot_confirm_another_scopes_record(client, personas):
    other = record(DutyKind.PROPOSAL, personas.other_member, confirmed=False)
    for staff in (personas.economy_staff, personas.yuexiu_staff):
        client.force_login(staff)
        _confirm(client, other)
    other.refresh_from_db()
    assert not other.confirmed
    client.force_login(personas.liwan_staff)
    _confirm(client, other)
    other.refresh_from_db()
    assert other.confirmed and other.confirmed_by == personas.liwan_staff


def test_staff_enter_a_record_and_are_recorded_as_its_author(client, personas):
    client.force_login(personas.economy_staff)
    response = client.post(reverse("admin:scoring_dutyrecord_add"), {
        "kind": DutyKind.COMMITTEE_RESEARCH, "title": "经济委员会视察", "date": "2026-06-01",
        "members": [personas.member.pk], "evidence": "视察通知",
    })
    assert response.status_code == 302
    entry = DutyRecord.objects.get()
    assert entry.entered_by == personas.economy_staff and not entry.confirmed


def test_staff_cannot_attach_a_member_outside_their_scope(client, personas):
    client.force_login(personas.economy_staff)
    client.post(reverse("admin:scoring_dutyrecord_add"), {
        "kind": DutyKind.PROPOSAL, "title": "越权", "date": "2026-06-01",
        "members": [personas.other_member.pk],
    })
    assert not DutyRecord.objects.exists()


def test_rules_are_read_only_for_district_and_committee_staff(client, personas):
    from scoring.models import QuotaRule

    rule = QuotaRule.objects.filter(year=2026).first()
    for staff in (personas.economy_staff, personas.yuexiu_staff):
        client.force_login(staff)
        assert client.get(reverse("admin:scoring_quotarule_changelist")).status_code == 200
        client.post(reverse("admin:scoring_quotarule_change", args=[rule.pk]), {"minimum": 9})
    rule.refresh_from_db()
    assert rule.minimum != 9


def test_city_staff_copy_rules_to_the_next_year_from_the_admin(client, personas):
    from scoring.models import QuotaRule

    client.force_login(personas.city)
    rule = QuotaRule.objects.filter(year=2027).first()
    client.post(reverse("admin:scoring_quotarule_changelist"), {
        "action": "copy_to_next_year", "_selected_action": [rule.pk],
    })
    copied = QuotaRule.objects.filter(year=2028).count()
    assert copied == QuotaRule.objects.filter(year=2027).count()


def test_every_scoring_admin_page_opens_for_city_staff(client, personas):
    client.force_login(personas.city)
    for model in ("dutyrecord", "quotarule", "scoringrule", "sectoractivity",
                  "quotareminderdate", "reminderrun"):
        assert client.get(reverse(f"admin:scoring_{model}_changelist")).status_code == 200
        if model != "reminderrun":
            assert client.get(reverse(f"admin:scoring_{model}_add")).status_code == 200


def test_the_member_picker_offers_only_members_of_the_staffs_scope(client, personas):
    client.force_login(personas.economy_staff)
    response = client.get(reverse("admin:autocomplete"), {
        "term": "", "app_label": "scoring", "model_name": "dutyrecord", "field_name": "members",
    })
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["陈明"]
