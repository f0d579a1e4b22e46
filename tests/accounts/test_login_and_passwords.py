"""A new user reaches a Chinese login page; passwords follow the rules
(at least 10 characters of mixed kinds)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse


@pytest.mark.django_db
def test_the_start_page_sends_a_stranger_to_a_chinese_login_page(client):
    response = client.get("/", follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert "登录" in body and 'lang="zh-hans"' in body


@pytest.mark.django_db
def test_a_printed_login_reaches_the_admin(client, personas):
    response = client.post(
        reverse("login"), {"username": "yuexiu", "password": "Test-Passw0rd!"}, follow=True
    )
    assert response.context["user"].is_authenticated
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("password", ["short1A!", "alllowercaseletters", "1234567890123"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_ten_character_mixed_password_is_accepted():
    validate_password("Guangzhou#2026")


@pytest.mark.django_db
def test_an_account_marked_for_change_must_change_its_password_first(client, personas):
    personas.yuexiu_staff.must_change_password = True
    personas.yuexiu_staff.save()
    client.force_login(personas.yuexiu_staff)
    assert client.get(reverse("admin:index")).url == reverse("password_change")
    response = client.post(reverse("password_change"), {
        "old_password": "Test-Passw0rd!",
        "new_password1": "Xinmima#2026gz",
        "new_password2": "Xinmima#2026gz",
    })
    assert response.status_code == 302
    personas.yuexiu_staff.refresh_from_db()
    assert not personas.yuexiu_staff.must_change_password
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
