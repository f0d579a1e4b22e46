"""Another scope's records through the admin: list, detail by id, search.

Outsiders get 404, not 403 or a redirect, so ids do not leak (STYLE.md)."""

import pytest
from django.urls import reverse

ADMIN_PAGES = [
    ("members", "member", "member", "other_member"),
    ("workrooms", "workroom", "beijing_room", "hualin_room"),
]


@pytest.mark.parametrize("app,model,own,other", ADMIN_PAGES)
def test_district_staff_open_their_own_record_and_get_404_for_another_district(
    client, personas, app, model, own, other
):
    client.force_login(personas.yuexiu_staff)
    own_url = reverse(f"admin:{app}_{model}_change", args=[getattr(personas, own).pk])
    other_url = reverse(f"admin:{app}_{model}_change", args=[getattr(personas, other).pk])
    assert client.get(own_url).status_code == 200
    assert client.get(other_url).status_code == 404
    history = reverse(f"admin:{app}_{model}_history", args=[getattr(personas, other).pk])
    assert client.get(history).status_code == 404


def test_admin_search_never_finds_another_districts_member(client, personas):
    client.force_login(personas.yuexiu_staff)
    response = client.get(reverse("admin:members_member_changelist"), {"q": "李华"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert f"/admin/members/member/{personas.other_member.pk}/" not in response.content.decode()
    response = client.get(reverse("admin:members_member_changelist"), {"q": "陈明"})
    assert list(response.context["cl"].result_list) == [personas.member]


def test_clerk_cannot_edit_another_workroom_and_cannot_delete_their_own(client, personas):
    client.force_login(personas.beijing_clerk)
    other = reverse("admin:workrooms_workroom_change", args=[personas.hualin_room.pk])
    assert client.get(other).status_code == 404
    assert client.post(other, {"name": "改名"}).status_code in {403, 404}
    delete = reverse("admin:workrooms_workroom_delete", args=[personas.beijing_room.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    personas.hualin_room.refresh_from_db()
    assert personas.hualin_room.name == "华林街工作室"


def test_foreign_key_choices_offer_only_the_users_own_towns(client, personas):
    client.force_login(personas.yuexiu_staff)
    response = client.get(reverse("admin:workrooms_workroom_add"))
    form = response.context["adminform"].form
    towns = form.fields["town"].queryset
    assert towns.exists() and not towns.exclude(district__name="越秀区").exists()
    clerks = form.fields["clerk"].queryset
    assert personas.beijing_clerk in clerks and personas.hualin_clerk not in clerks


def test_members_have_no_admin_access(client, personas):
    client.force_login(personas.member_user)
    response = client.get(reverse("admin:members_member_changelist"))
    assert response.status_code == 302  # to the admin login: members are not staff


def test_user_administrator_manages_logins_but_sees_no_members(client, personas):
    client.force_login(personas.useradmin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:members_member_changelist")).status_code == 403


def test_district_staff_cannot_open_the_user_list(client, personas):
    client.force_login(personas.yuexiu_staff)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    url = reverse("admin:accounts_user_change", args=[personas.city.pk])
    assert client.get(url).status_code in {403, 404}
