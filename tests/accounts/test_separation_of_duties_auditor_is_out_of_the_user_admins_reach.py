"""三员分立, escalation paths (b) and (c): the user administrator creates an auditor with a
password it chose, or resets the auditor's password and removes the auditor's second
factor, then signs in as the auditor. The auditor's account is out of the user
administrator's reach except through a request a second person approves (GB/T 22239-2019
三级, 访问控制 and 安全审计: the audit administrator is independent of the system's)."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import RequestKind, RequestStatus, Role
from accounts.models import RoleChangeRequest, User

CHOSEN = "Zhiding#Mima-2026"


@pytest.mark.django_db
def test_an_auditor_created_by_the_user_administrator_is_no_auditor(client, personas):
    client.force_login(personas.useradmin)
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "shadow_auditor", "password1": CHOSEN, "password2": CHOSEN,
        "display_name": "影子审计员", "role": Role.AUDITOR, "usable_password": "true",
    }, follow=True)
    assert "须经市政协办公厅另一名工作人员审批后生效" in response.content.decode()
    shadow = User.objects.get(username="shadow_auditor")
    assert shadow.role == "" and not shadow.is_staff
    request = RoleChangeRequest.objects.get(user=shadow)
    assert (request.role, request.status) == (Role.AUDITOR, RequestStatus.PENDING)
    assert request.requested_by == personas.useradmin
    # Signed in with the password it chose, the account reads no audit trail.
    client.logout()
    assert client.post(reverse("login"), {"username": "shadow_auditor", "password": CHOSEN}
                       ).status_code == 302
    assert client.get(reverse("audit:events")).status_code in {302, 403}
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code in {302, 403}


@pytest.mark.django_db
def test_the_auditors_account_pages_answer_404_to_the_user_administrator(client, personas):
    auditor = personas.auditor
    client.force_login(personas.useradmin)
    for name in ("change", "history", "delete"):
        url = reverse(f"admin:accounts_user_{name}", args=[auditor.pk])
        assert client.get(url).status_code == 404, name
    listing = client.get(reverse("admin:accounts_user_changelist"), {"q": "auditor"})
    assert auditor not in listing.context["cl"].result_list


@pytest.mark.django_db
def test_the_user_administrator_cannot_reset_the_auditors_password(client, personas):
    auditor = personas.auditor
    client.force_login(personas.useradmin)
    url = reverse("admin:auth_user_password_change", args=[auditor.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"password1": CHOSEN, "password2": CHOSEN,
                                 "usable_password": "true"})
    assert response.status_code == 404
    client.logout()
    assert client.post(reverse("login"), {"username": "auditor", "password": CHOSEN}
                       ).status_code == 200  # the login page again: wrong password
    auditor.refresh_from_db()
    assert auditor.check_password("Test-Passw0rd!")


@pytest.mark.django_db
def test_nor_change_the_auditors_role_or_state(client, personas):
    auditor = personas.auditor
    client.force_login(personas.useradmin)
    url = reverse("admin:accounts_user_change", args=[auditor.pk])
    client.post(url, {"username": "auditor", "role": Role.MEMBER, "is_active": ""})
    auditor.refresh_from_db()
    assert auditor.role == Role.AUDITOR and auditor.is_active


@pytest.mark.django_db
def test_deleting_the_auditors_second_factor_only_files_a_request(client, personas):
    device = TOTPDevice.objects.create(user=personas.auditor, name="手机", confirmed=True)
    client.force_login(personas.useradmin)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    response = client.post(url, {"post": "yes"}, follow=True)
    assert "审批后生效" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    request = RoleChangeRequest.objects.get(user=personas.auditor)
    assert request.kind == RequestKind.REMOVE_OTP and request.status == RequestStatus.PENDING


@pytest.mark.django_db
def test_nor_can_it_add_a_device_of_its_own_choosing_for_the_auditor(client, personas):
    client.force_login(personas.useradmin)
    response = client.post(reverse("admin:otp_totp_totpdevice_add"), {
        "user": personas.auditor.pk, "name": "植入", "confirmed": "on",
        "key": "3132333435363738393031323334353637383930", "step": 30, "t0": 0,
        "digits": 6, "tolerance": 1, "drift": 0, "throttling_failure_count": 0,
    })
    assert response.status_code == 403
    assert not TOTPDevice.objects.filter(user=personas.auditor).exists()
