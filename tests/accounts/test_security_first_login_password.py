"""Accounts whose first password someone else chose (created by the user administrator,
imported, or demo logins, see test_load_demo.py) must change it at the first login."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from accounts.models import User

FIRST = "Chushi#2026mima"
OWN = "Ziji#2026xinmima"


@pytest.fixture
def created_by_the_user_administrator(client, personas):
    client.force_login(personas.useradmin)
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "newclerk", "password1": FIRST, "password2": FIRST,
        "display_name": "新工作人员", "role": Role.CLERK,
        "usable_password": "true",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return User.objects.get(username="newclerk")


@pytest.mark.django_db
def test_an_account_made_in_the_admin_must_change_its_password(created_by_the_user_administrator):
    assert created_by_the_user_administrator.must_change_password


@pytest.mark.django_db
def test_every_page_leads_to_the_password_change_until_it_is_done(
    client, created_by_the_user_administrator
):
    client.post(reverse("login"), {"username": "newclerk", "password": FIRST})
    for url in [reverse("home"), reverse("admin:index"), reverse("otp_setup")]:
        assert client.get(url).url == reverse("password_change"), url
    response = client.post(reverse("password_change"), {
        "old_password": FIRST, "new_password1": OWN, "new_password2": OWN,
    })
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    user = User.objects.get(username="newclerk")
    assert not user.must_change_password and user.check_password(OWN)


@pytest.mark.django_db
def test_a_weak_new_password_is_refused_in_chinese_and_changes_nothing(
    client, created_by_the_user_administrator
):
    client.post(reverse("login"), {"username": "newclerk", "password": FIRST})
    response = client.post(reverse("password_change"), {
        "old_password": FIRST, "new_password1": "abcdefgh", "new_password2": "abcdefgh",
    })
    assert response.status_code == 200
    assert "太短" in response.content.decode()  # Django's validators answer in Chinese
    user = User.objects.get(username="newclerk")
    assert user.must_change_password and user.check_password(FIRST)
