"""三员分立, escalation path (a): the user administrator sets its own role to 市政协办公厅
or 安全审计员 on its own change page. Nobody changes their own role, state or password
through the admin (GB/T 22239-2019 三级, 访问控制: 特权用户的权限分离)."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from accounts.models import RoleChangeRequest

from .separation import user_form, verified_login


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CITY, Role.AUDITOR])
def test_the_user_administrator_cannot_set_its_own_role(client, personas, role):
    me = personas.useradmin
    client.force_login(me)
    url = reverse("admin:accounts_user_change", args=[me.pk])
    response = client.post(url, user_form(me, role=role))
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.role == Role.USER_ADMIN
    assert not RoleChangeRequest.objects.exists()  # not even a request for oneself
    client.force_login(me)
    assert client.get(reverse("audit:events")).status_code == 403


@pytest.mark.django_db
def test_its_own_page_shows_role_and_state_as_text_not_as_fields(client, personas):
    me = personas.useradmin
    client.force_login(me)
    form = client.get(reverse("admin:accounts_user_change", args=[me.pk])).context["adminform"]
    for name in ("role", "district", "town", "committee", "is_active", "must_change_password"):
        assert name not in form.form.fields, name


@pytest.mark.django_db
def test_its_own_password_is_changed_only_where_the_present_one_is_asked(client, personas):
    me = personas.useradmin
    client.force_login(me)
    url = reverse("admin:auth_user_password_change", args=[me.pk])
    response = client.post(url, {"password1": "Xin#Mima-2026a", "password2": "Xin#Mima-2026a",
                                 "usable_password": "true"})
    assert response.status_code == 302 and response.url == reverse("password_change")
    me.refresh_from_db()
    assert me.check_password("Test-Passw0rd!")


@pytest.mark.django_db
def test_nobody_deletes_their_own_account_or_second_factor_in_the_admin(client, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    me = personas.useradmin
    device = TOTPDevice.objects.create(user=me, name="手机", confirmed=True)
    verified_login(client, me, device)
    assert client.post(reverse("admin:accounts_user_delete", args=[me.pk]),
                       {"post": "yes"}).status_code == 403
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(url, {"post": "yes"}).status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
