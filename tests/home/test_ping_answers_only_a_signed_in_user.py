"""/ping/ does nothing but what every signed-in page does first (session, sign-in, second
factor, content security policy): it answers a signed-in user and sends everyone else to
sign in, and staff to their second factor until they have passed it."""

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def test_a_signed_in_member_gets_ok_with_the_content_security_policy(client, personas):
    client.force_login(personas.member_user)
    response = client.get(reverse("ping"))
    assert response.status_code == 200 and response.content == b"ok"
    assert "Content-Security-Policy" in response.headers


def test_someone_not_signed_in_is_sent_to_sign_in(client):
    response = client.get(reverse("ping"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_staff_get_ok_only_once_they_have_passed_their_second_factor(client, personas, settings):
    settings.OTP_REQUIRED_ROLES = ("district",)
    device = TOTPDevice.objects.create(user=personas.yuexiu_staff, name="手机", confirmed=True)
    client.force_login(personas.yuexiu_staff)
    response = client.get(reverse("ping"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp_verify"))
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # as django_otp.login marks it
    session.save()
    assert client.get(reverse("ping")).content == b"ok"
