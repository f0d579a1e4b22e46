"""A second factor (TOTP) for staff of the municipal office and the districts.

config/settings/test.py turns the requirement off for the rest of the suite
(OTP_REQUIRED_ROLES = ()); these tests turn it on as production has it.
"""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.choices import EventKind
from audit.models import AuditEvent

GOOD = "Test-Passw0rd!"
REQUIRED = ("city", "district", "useradmin", "auditor")


@pytest.fixture
def otp_on(settings):
    settings.OTP_REQUIRED_ROLES = REQUIRED


def code_for(device, offset=0):
    """The code an authenticator app would show now (offset in 30-second steps)."""
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, drift=offset):06d}"


def password_login(client, username):
    response = client.post(reverse("login"), {"username": username, "password": GOOD})
    assert response.status_code == 302
    return response


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="手机", confirmed=True)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["city", "yuexiu_staff", "useradmin", "auditor"])
def test_staff_without_a_device_are_sent_to_set_one_up(client, personas, otp_on, who):
    client.force_login(getattr(personas, who))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp_setup"))


@pytest.mark.django_db
def test_the_admin_is_closed_until_the_code_is_verified(client, personas, otp_on):
    confirmed_device(personas.city)
    client.force_login(personas.city)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp_verify"))
    assert "next=%2Fadmin%2F" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["beijing_clerk", "beijing_lead", "economy_staff", "member_user"])
def test_other_roles_may_go_without_a_second_factor(client, personas, otp_on, who):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_the_setup_page_shows_a_qr_code_and_the_secret(client, personas, otp_on):
    password_login(client, "yuexiu")
    body = client.get(reverse("otp_setup")).content.decode()
    device = TOTPDevice.objects.get(user=personas.yuexiu_staff, confirmed=False)
    assert "<svg" in body and "<path" in body
    secret = re.search(r'class="secret">([A-Z2-7 ]+)<', body).group(1).replace(" ", "")
    import base64

    assert base64.b32decode(secret) == device.bin_key


@pytest.mark.django_db
def test_a_district_clerk_sets_up_a_device_and_is_let_in(client, personas, otp_on):
    password_login(client, "yuexiu")
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=personas.yuexiu_staff)
    response = client.post(reverse("otp_setup"), {"token": code_for(device), "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:index")).status_code == 200
    assert AuditEvent.objects.filter(kind=EventKind.OTP_ENROLLED, username="yuexiu").exists()


@pytest.mark.django_db
def test_a_wrong_code_is_refused_in_chinese_and_sets_nothing_up(client, personas, otp_on):
    password_login(client, "yuexiu")
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=personas.yuexiu_staff)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("otp_setup"), {"token": wrong})
    assert response.status_code == 200 and "动态口令不正确" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_a_staff_user_with_a_device_enters_the_current_code_after_the_password(
    client, personas, otp_on
):
    device = confirmed_device(personas.city)
    response = client.get(password_login(client, "city").url)
    assert response.url.startswith(reverse("otp_verify"))
    response = client.post(reverse("otp_verify"), {"token": code_for(device), "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert client.get(reverse("admin:index")).status_code == 200
    assert AuditEvent.objects.filter(kind=EventKind.OTP_VERIFIED, username="city").exists()


@pytest.mark.django_db
def test_full_width_digits_and_spaces_are_accepted(client, personas, otp_on):
    device = confirmed_device(personas.city)
    password_login(client, "city")
    code = code_for(device)
    typed = " ".join(chr(ord("０") + int(d)) for d in code)
    response = client.post(reverse("otp_verify"), {"token": typed})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_code_cannot_be_used_twice(client, personas, otp_on):
    device = confirmed_device(personas.city)
    password_login(client, "city")
    code = code_for(device)
    assert client.post(reverse("otp_verify"), {"token": code}).status_code == 302
    client.logout()
    password_login(client, "city")
    response = client.post(reverse("otp_verify"), {"token": code})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(kind=EventKind.OTP_FAILED, username="city").exists()


@pytest.mark.django_db
def test_a_password_alone_cannot_add_a_second_device(client, personas, otp_on):
    confirmed_device(personas.city)
    password_login(client, "city")
    response = client.get(reverse("otp_setup"))
    assert response.url.startswith(reverse("otp_verify"))
    assert TOTPDevice.objects.filter(user=personas.city).count() == 1


@pytest.mark.django_db
def test_a_member_who_chose_a_device_must_use_it(client, personas, otp_on):
    confirmed_device(personas.member_user)
    client.force_login(personas.member_user)
    assert client.get(reverse("home")).url.startswith(reverse("otp_verify"))


@pytest.mark.django_db
def test_logout_stays_open_before_verification(client, personas, otp_on):
    password_login(client, "city")
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")


@pytest.mark.django_db
def test_a_forced_password_change_comes_before_the_second_factor(client, personas, otp_on):
    personas.city.must_change_password = True
    personas.city.save()
    password_login(client, "city")
    assert client.get(reverse("home")).url == reverse("password_change")
    client.post(reverse("password_change"), {
        "old_password": GOOD, "new_password1": "Xinmima#2026gz", "new_password2": "Xinmima#2026gz",
    })
    assert client.get(reverse("home")).url.startswith(reverse("otp_setup"))


@pytest.mark.django_db
def test_no_administrator_reads_another_users_totp_key(client, personas, otp_on):
    device = confirmed_device(personas.city)
    helper = TOTPDevice.objects.create(user=personas.useradmin, name="手机", confirmed=True)
    client.force_login(personas.useradmin)
    session = client.session
    session["otp_device_id"] = helper.persistent_id
    session.save()
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.content.decode()
