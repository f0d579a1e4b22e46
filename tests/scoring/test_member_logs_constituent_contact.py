"""举措 三（三）: a member logs a contact with a paired constituent from their page."""

import pytest
from django.urls import reverse

from scoring.choices import DutyKind
from scoring.models import DutyRecord

from ..factories import ConstituentFactory

pytestmark = pytest.mark.django_db


def test_a_contact_becomes_a_pending_constituent_contact_record(client, personas):
    person = ConstituentFactory(member=personas.member, name="周群众")
    client.force_login(personas.member_user)
    response = client.post(reverse("scoring:log_contact"), {
        "constituent": person.pk, "date": "2026-11-02", "note": "反映停车难",
    })
    assert response.status_code == 302
    entry = DutyRecord.objects.get()
    assert entry.kind == DutyKind.CONSTITUENT_CONTACT and not entry.confirmed
    assert list(entry.members.all()) == [personas.member] and entry.evidence == "反映停车难"
    assert entry.entered_by == personas.member_user and "周群众" in entry.title


def test_another_members_constituent_is_refused(client, personas):
    person = ConstituentFactory(member=personas.other_member)
    ConstituentFactory(member=personas.member)
    client.force_login(personas.member_user)
    response = client.post(reverse("scoring:log_contact"), {
        "constituent": person.pk, "date": "2026-11-02",
    })
    assert response.status_code == 400 and not DutyRecord.objects.exists()


def test_a_future_date_is_refused_with_a_message(client, personas):
    person = ConstituentFactory(member=personas.member)
    client.force_login(personas.member_user)
    response = client.post(reverse("scoring:log_contact"), {
        "constituent": person.pk, "date": "2099-01-01",
    })
    assert response.status_code == 400 and "联系日期不能晚于今天" in response.content.decode()
    assert not DutyRecord.objects.exists()


def test_staff_see_constituents_phones_masked(client, personas):
    ConstituentFactory(member=personas.member, phone="13812345678")
    client.force_login(personas.economy_staff)
    page = client.get(reverse("scoring:member", args=[personas.member.pk])).content.decode()
    assert "138****5678" in page and "13812345678" not in page
    client.force_login(personas.member_user)
    assert "13812345678" in client.get(reverse("scoring:me")).content.decode()
