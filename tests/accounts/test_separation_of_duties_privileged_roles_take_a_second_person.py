"""三员分立: granting, changing or removing a privileged role (市政协办公厅, 区政协工作人员,
系统管理员, 安全审计员) takes effect only when a second person of the municipal office
approves it (GB/T 22239-2019 三级, 访问控制: 授权须经审批). Other roles change at once."""

import pytest
from django.urls import reverse

from accounts.choices import RequestStatus, Role
from accounts.models import RoleChangeRequest
from audit.choices import EventKind

from ..factories import district
from .separation import decide, kinds_recorded, told, user_form

# The clerks asked about here no longer serve a workroom (a serving clerk keeps the role).
pytestmark = pytest.mark.usefixtures("clerks_off_duty")


def change_user(client, user, **changes):
    url = reverse("admin:accounts_user_change", args=[user.pk])
    return client.post(url, user_form(user, **changes), follow=True)


@pytest.mark.django_db
def test_a_role_change_of_district_staff_waits_for_the_municipal_office(
    client, personas, second_city, django_capture_on_commit_callbacks
):
    staff = personas.yuexiu_staff
    client.force_login(personas.useradmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = change_user(client, staff, role=Role.USER_ADMIN, district="")
    assert "须经市政协办公厅另一名工作人员审批后生效" in response.content.decode()
    staff.refresh_from_db()
    assert staff.role == Role.DISTRICT and staff.district == district("越秀区")
    request = RoleChangeRequest.objects.get(user=staff)
    assert request.status == RequestStatus.PENDING and request.role == Role.USER_ADMIN
    # Every member of the municipal office hears of it in their inbox.
    assert told(personas.city) == told(second_city) == ["有一项特权变更申请待审批"]

    client.force_login(second_city)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, "approve", request, note="经核实，同意。")
    assert "已批准 1 项申请" in response.content.decode()
    staff.refresh_from_db()
    assert staff.role == Role.USER_ADMIN and staff.district is None
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.decision_note) == (
        RequestStatus.APPROVED, second_city, "经核实，同意。")
    assert "特权变更申请已批准" in told(personas.useradmin)
    assert "您的账号权限已变更" in told(staff)
    assert kinds_recorded()[-2:] == [EventKind.PRIVILEGE_REQUESTED, EventKind.PRIVILEGE_APPROVED]
    # simple-history keeps who made the change: the approver.
    assert staff.history.first().history_user == second_city


@pytest.mark.django_db
@pytest.mark.parametrize("who,changes", [
    ("beijing_clerk", {"role": Role.CITY}),                       # granting
    ("yuexiu_staff", {"district": "tianhe"}),                      # moving to another district
    ("city", {"role": Role.MEMBER}),                               # removing
])
def test_granting_moving_or_removing_a_privileged_role_is_a_request(
    client, personas, who, changes
):
    user = getattr(personas, who)
    before = (user.role, user.district_id)
    if changes.get("district") == "tianhe":
        changes["district"] = district("天河区").pk
    client.force_login(personas.useradmin)
    change_user(client, user, **changes)
    user.refresh_from_db()
    assert (user.role, user.district_id) == before
    assert RoleChangeRequest.objects.filter(user=user, status=RequestStatus.PENDING).exists()


@pytest.mark.django_db
def test_a_refused_request_changes_nothing_and_the_requester_is_told(
    client, personas, second_city, django_capture_on_commit_callbacks
):
    clerk = personas.beijing_clerk
    client.force_login(personas.useradmin)
    change_user(client, clerk, role=Role.CITY)
    request = RoleChangeRequest.objects.get(user=clerk)
    client.force_login(personas.city)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, "refuse", request, note="无此岗位")
    assert "已拒绝 1 项申请" in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.role == Role.CLERK
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (RequestStatus.REFUSED, personas.city)
    assert "特权变更申请已拒绝" in told(personas.useradmin)
    assert kinds_recorded()[-1] == EventKind.PRIVILEGE_REFUSED
    # Decided is decided: approving it afterwards changes nothing.
    client.force_login(second_city)
    assert "不能再次审批" in decide(client, "approve", request).content.decode()
    clerk.refresh_from_db()
    assert clerk.role == Role.CLERK


@pytest.mark.django_db
def test_roles_without_privilege_change_at_once(client, personas):
    clerk = personas.beijing_clerk
    client.force_login(personas.useradmin)
    change_user(client, clerk, role=Role.TOWN)
    clerk.refresh_from_db()
    assert clerk.role == Role.TOWN
    assert not RoleChangeRequest.objects.exists()


@pytest.mark.django_db
def test_a_privileged_account_is_not_deleted_but_loses_its_role_by_request(client, personas):
    client.force_login(personas.useradmin)
    for who in ("city", "yuexiu_staff"):
        url = reverse("admin:accounts_user_delete", args=[getattr(personas, who).pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
    response = client.post(reverse("admin:accounts_user_changelist"), {
        "action": "delete_selected", "_selected_action": [personas.city.pk], "post": "yes",
        "index": "0",
    })
    assert response.status_code in {200, 403}
    assert type(personas.city).objects.filter(pk=personas.city.pk).exists()
