"""A password the user administrator sets for someone must be changed by its owner at the
next sign-in, for a new one (so that the administrator no longer knows it), and the owner
is told in the inbox and by SMS where there is a number (GB/T 22239-2019 三级, 身份鉴别)."""

import pytest
from django.urls import reverse

from accounts.models import User
from audit.choices import EventKind
from audit.models import AuditEvent

from .separation import told, user_form

SET = "Chongzhi#2026mima"
OWN = "Benren#2026xinmima"


@pytest.fixture
def reset_by_the_user_administrator(client, personas, django_capture_on_commit_callbacks):
    clerk = personas.beijing_clerk
    clerk.phone = "13800138000"
    clerk.save()
    client.force_login(personas.useradmin)
    url = reverse("admin:auth_user_password_change", args=[clerk.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"password1": SET, "password2": SET,
                                     "usable_password": "true"})
    assert response.status_code == 302
    client.logout()
    return User.objects.get(pk=clerk.pk)


@pytest.mark.django_db
def test_the_owner_must_change_it_and_is_told(reset_by_the_user_administrator, personas):
    clerk = reset_by_the_user_administrator
    assert clerk.must_change_password and clerk.check_password(SET)
    assert told(clerk) == told(clerk, "sms") == ["您的登录密码已被重置"]
    event = AuditEvent.objects.get(kind=EventKind.PASSWORD_SET)
    assert event.user == personas.useradmin and event.object_id == str(clerk.pk)


@pytest.mark.django_db
def test_the_next_sign_in_leads_to_a_change_that_must_not_keep_it(
    client, reset_by_the_user_administrator
):
    client.post(reverse("login"), {"username": "beijing_clerk", "password": SET})
    assert client.get(reverse("home")).url == reverse("password_change")
    same = client.post(reverse("password_change"), {
        "old_password": SET, "new_password1": SET, "new_password2": SET})
    assert "新密码不能与原密码相同" in same.content.decode()
    assert User.objects.get(username="beijing_clerk").must_change_password
    client.post(reverse("password_change"), {
        "old_password": SET, "new_password1": OWN, "new_password2": OWN})
    clerk = User.objects.get(username="beijing_clerk")
    assert not clerk.must_change_password and clerk.check_password(OWN)


@pytest.mark.django_db
def test_the_user_administrator_cannot_lift_the_forced_change(
    client, personas, reset_by_the_user_administrator
):
    clerk = reset_by_the_user_administrator
    client.force_login(personas.useradmin)
    client.post(reverse("admin:accounts_user_change", args=[clerk.pk]),
                user_form(clerk, must_change_password=""))
    clerk.refresh_from_db()
    assert clerk.must_change_password
