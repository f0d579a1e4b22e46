"""A NUL character in a query, a form field or a cookie is answered 400 with a Chinese
message, never a 500. PostgreSQL text cannot hold NUL (psycopg raises DataError), so on
PostgreSQL `/workrooms/?q=%00` was a 500; SQLite never showed it. Run this file on
PostgreSQL too (DATABASE_URL=postgres://…)."""

import pytest
from django.urls import reverse

from members.models import Member

MESSAGE = "请求中含有空字符（NUL）"


def refused(response) -> bool:
    return response.status_code == 400 and MESSAGE in response.content.decode()


@pytest.mark.parametrize(("persona", "url"), [
    (None, "/workrooms/?q=%00"),
    ("beijing_clerk", "/cases/list/?q=%00"),
    ("yuexiu_staff", "/duty/table/?q=%00"),
    ("city", "/admin/members/member/?name=%00"),
    ("city", "/admin/members/member/?q=%00"),
    (None, "/login/?next=%00"),
])
@pytest.mark.django_db
def test_a_nul_in_a_query_is_refused(client, personas, persona, url):
    if persona:
        client.force_login(getattr(personas, persona))
    assert refused(client.get(url))


@pytest.mark.django_db
def test_a_nul_in_a_form_field_is_refused_and_nothing_is_saved(client, personas):
    client.force_login(personas.beijing_clerk)
    response = client.post(
        reverse("cases:activity_create", args=[personas.beijing_room.pk]),
        {"summary": "接待\x00记录", "submit": "draft"},
    )
    assert refused(response)
    assert not personas.beijing_room.activities.exists()


@pytest.mark.django_db
def test_a_nul_in_a_field_name_is_refused(client, personas):
    client.force_login(personas.city)
    response = client.post(reverse("admin:members_member_changelist"),
                           {"action\x00": "delete_selected", "_selected_action": "1"})
    assert refused(response)
    assert Member.objects.exists()


@pytest.mark.django_db
def test_a_nul_in_the_session_cookie_is_refused(client, personas):
    # The cookie parser decodes the octal escape \000 of a quoted value into NUL.
    assert refused(client.get("/", HTTP_COOKIE='sessionid="abcdefghijk\\000"'))


@pytest.mark.django_db
def test_a_nul_in_the_login_form_is_refused(client, personas):
    assert refused(client.post("/login/", {"username": "ci\x00ty", "password": "x"}))
