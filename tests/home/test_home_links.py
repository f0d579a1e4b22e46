"""The start page leads members to 我的履职 and staff to 履职统计."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_members_see_my_duty_and_staff_see_the_duty_table(client, personas):
    client.force_login(personas.member_user)
    page = client.get(reverse("home")).content.decode()
    assert reverse("scoring:me") in page and reverse("scoring:table") not in page
    for staff in (personas.city, personas.yuexiu_staff, personas.economy_staff):
        client.force_login(staff)
        assert reverse("scoring:table") in client.get(reverse("home")).content.decode()
