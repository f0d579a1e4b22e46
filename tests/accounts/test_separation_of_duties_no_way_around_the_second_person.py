"""三员分立 holds at its edges too (GB/T 22239-2019 三级, 访问控制):
- nobody but its owner sets a privileged account's password, and nobody else redirects where
  its notices go (its phone and e-mail), or the user administrator could sign in as it;
- a privileged role is granted only once the account's owner has chosen their own password:
  whoever set the first one could otherwise sign in as it after the approval;
- a request the rules refuse (a serving clerk made district staff) is a Chinese message when
  filed, never a 500 when approved."""

import pytest
from django.urls import reverse

from accounts.choices import RequestStatus, Role
from accounts.models import RoleChangeRequest

from .separation import decide

pytestmark = pytest.mark.django_db


def test_the_user_administrator_sets_no_privileged_password(client, personas):
    city = personas.city
    client.force_login(personas.useradmin)
    url = reverse("admin:auth_user_password_change", args=[city.pk])
    response = client.post(url, {"password1": "Taken-Over-2026!", "password2": "Taken-Over-2026!"},
                           follow=True)
    assert "密码只能由本人修改" in response.content.decode()
    city.refresh_from_db()
    assert not city.check_password("Taken-Over-2026!")

    form = client.get(reverse("admin:accounts_user_change", args=[city.pk])).context["adminform"]
    assert {"phone", "email"} <= set(form.readonly_fields)


def test_a_privileged_role_waits_for_the_owners_own_password(client, personas, second_city):
    lead = personas.beijing_lead
    lead.must_change_password = True  # a password the user administrator typed
    lead.save()
    request = RoleChangeRequest.objects.create(
        user=lead, requested_by=personas.useradmin, role=Role.DISTRICT,
        district=personas.yuexiu_staff.district,
    )
    client.force_login(second_city)
    response = decide(client, "approve", request)
    assert "仍在使用他人设置的密码" in response.content.decode()
    request.refresh_from_db()
    lead.refresh_from_db()
    assert request.status == RequestStatus.PENDING and lead.role == Role.TOWN

    lead.must_change_password = False  # the owner chose their own
    lead.save()
    decide(client, "approve", request)
    lead.refresh_from_db()
    assert lead.role == Role.DISTRICT


def test_a_serving_clerk_cannot_be_asked_for_as_district_staff(client, personas):
    client.force_login(personas.useradmin)
    response = client.post(reverse("admin:accounts_rolechangerequest_add"), {
        "user": personas.beijing_clerk.pk, "kind": "role", "role": Role.DISTRICT,
        "district": personas.yuexiu_staff.district_id, "reason": "调任",
    })
    assert response.status_code == 200
    assert "请先由区政协工作人员为这些工作室另选工作人员" in response.content.decode()
    assert not RoleChangeRequest.objects.exists()
