"""三员分立: what the user administrator cannot reach (the auditor's account) it asks for in
the admin's 特权变更申请, and a second person of the municipal office decides. A request
that needs no second person, or is about oneself, is refused in Chinese."""

import pytest
from django.urls import reverse

from accounts.choices import RequestKind, RequestStatus, Role
from accounts.models import RoleChangeRequest

from .separation import decide


def file_request(client, user, **fields):
    data = {"user": user.pk, "kind": RequestKind.ROLE, "role": "", "district": "", "town": "",
            "committee": "", "reason": "岗位调整"}
    data.update(fields)
    return client.post(reverse("admin:accounts_rolechangerequest_add"), data, follow=True)


@pytest.mark.django_db
def test_the_auditors_role_is_removed_through_a_request_and_an_approval(
    client, personas, second_city
):
    client.force_login(personas.useradmin)
    response = file_request(client, personas.auditor, role=Role.MEMBER)
    assert response.status_code == 200
    request = RoleChangeRequest.objects.get(user=personas.auditor)
    assert request.status == RequestStatus.PENDING and request.reason == "岗位调整"
    personas.auditor.refresh_from_db()
    assert personas.auditor.role == Role.AUDITOR
    client.force_login(second_city)
    decide(client, "approve", request)
    personas.auditor.refresh_from_db()
    assert personas.auditor.role == Role.MEMBER


@pytest.mark.django_db
@pytest.mark.parametrize("whose,fields,refusal", [
    ("useradmin", {"role": Role.CITY}, "该选择不在可用的选项中"),  # oneself is not offered
    ("beijing_clerk", {"role": Role.TOWN}, "这项变更不涉及特权角色，无须审批"),
    ("beijing_clerk", {"role": Role.DISTRICT}, "区政协工作人员必须指定所属区"),
    ("auditor", {"kind": RequestKind.REMOVE_OTP}, "该账号没有动态口令设备"),
])
def test_a_request_that_cannot_stand_is_refused_in_chinese(
    client, personas, whose, fields, refusal
):
    client.force_login(personas.useradmin)
    response = file_request(client, getattr(personas, whose), **fields)
    assert refusal in response.content.decode()
    assert not RoleChangeRequest.objects.exists()


@pytest.mark.django_db
def test_a_second_request_of_the_same_kind_waits_for_the_first(client, personas):
    client.force_login(personas.useradmin)
    file_request(client, personas.auditor, role=Role.MEMBER)
    response = file_request(client, personas.auditor, role="")
    assert "该账号已有一项同类申请等待审批" in response.content.decode()
    assert RoleChangeRequest.objects.count() == 1
