"""Full-width digits, spaces and +86 in phone numbers are normalised in every
form that takes one (the visitor form: tests/cases/test_clerk_screens.py; the member and
constituent admin here); bad numbers get a Chinese message and change nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Constituent
from members.validators import PhoneFormField, validate_phone


@pytest.mark.parametrize("typed", ["１３９ ００００ １１１１", "+86 139-0000-1111", "139 0000 1111",
                                   "\u3000１３９００００１１１１\u3000"])
def test_the_phone_form_field_normalises_what_people_type(typed):
    assert PhoneFormField().clean(typed) == "13900001111"


def test_full_width_digits_never_pass_validation_unnormalised():
    with pytest.raises(ValidationError):
        validate_phone("１３９００００１１１１")


def _member_form(member, **changes):
    data = {
        "name": member.name, "level": member.level, "term": member.term or "",
        "status": member.status, "district": member.district_id, "sector": member.sector_id,
        "committee": member.committee_id or "", "work_unit": member.work_unit,
        "post": member.post, "phone": member.phone, "email": member.email,
        "constituents-TOTAL_FORMS": "1", "constituents-INITIAL_FORMS": "0",
        "constituents-MIN_NUM_FORMS": "0", "constituents-MAX_NUM_FORMS": "5",
        "constituents-0-name": "周群众", "constituents-0-phone": "１３７ ００００ ２２２２",
    }
    data.update(changes)
    return data


def test_member_and_constituent_phones_are_normalised_in_the_admin(client, personas):
    client.force_login(personas.yuexiu_staff)
    member = personas.member
    url = reverse("admin:members_member_change", args=[member.pk])
    response = client.post(url, _member_form(member, phone="＋86 １３９ ００００ ３３３３"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.phone == "13900003333"
    assert Constituent.objects.get(member=member).phone == "13700002222"


def test_a_bad_member_phone_gets_a_chinese_message_and_changes_nothing(client, personas):
    client.force_login(personas.yuexiu_staff)
    member = personas.member
    before = member.phone
    url = reverse("admin:members_member_change", args=[member.pk])
    response = client.post(url, _member_form(member, phone="12345"))
    assert response.status_code == 200
    assert "电话号码格式不正确" in response.content.decode()
    member.refresh_from_db()
    assert member.phone == before and not Constituent.objects.filter(member=member).exists()
