"""A password too like the username (or the name, e-mail, phone number), or holding it
whole, is refused in Chinese wherever a password is set: the admin's add and password
forms and the user's own change at the first sign-in (GB/T 22239-2019 三级, 身份鉴别:
口令具有复杂度要求)."""

import pytest
from django.urls import reverse

from accounts.models import User

LIKE = ["Beijing_clerk1", "Beijing#Clerk2026", "Beijing_clerk#2026-abcdefg"]
REFUSAL = "密码与用户名过于相似"


@pytest.mark.django_db
@pytest.mark.parametrize("password", LIKE)
def test_the_admins_add_form_refuses_it(client, personas, password):
    client.force_login(personas.useradmin)
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "beijing_clerk2", "password1": password, "password2": password,
        "display_name": "新工作人员", "role": "clerk", "usable_password": "true",
    })
    assert REFUSAL in response.content.decode()
    assert not User.objects.filter(username="beijing_clerk2").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("password", LIKE)
def test_the_admins_password_form_refuses_it(client, personas, password):
    clerk = personas.beijing_clerk
    client.force_login(personas.useradmin)
    response = client.post(reverse("admin:auth_user_password_change", args=[clerk.pk]), {
        "password1": password, "password2": password, "usable_password": "true"})
    assert REFUSAL in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.check_password("Test-Passw0rd!")


@pytest.mark.django_db
@pytest.mark.parametrize("password", LIKE)
def test_the_own_change_at_first_sign_in_refuses_it(client, personas, password):
    clerk = personas.beijing_clerk
    clerk.must_change_password = True
    clerk.save()
    client.force_login(clerk)
    response = client.post(reverse("password_change"), {
        "old_password": "Test-Passw0rd!", "new_password1": password, "new_password2": password})
    assert REFUSAL in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.must_change_password and clerk.check_password("Test-Passw0rd!")


@pytest.mark.django_db
def test_the_phone_number_is_refused_too_and_an_unrelated_password_passes(client, personas):
    clerk = personas.beijing_clerk
    clerk.phone = "13800138000"
    clerk.save()
    client.force_login(personas.useradmin)
    url = reverse("admin:auth_user_password_change", args=[clerk.pk])
    response = client.post(url, {"password1": "Mm#13800138000", "password2": "Mm#13800138000",
                                 "usable_password": "true"})
    assert "密码与手机号码过于相似" in response.content.decode()
    response = client.post(url, {"password1": "Hongmian#2026x", "password2": "Hongmian#2026x",
                                 "usable_password": "true"})
    assert response.status_code == 302
