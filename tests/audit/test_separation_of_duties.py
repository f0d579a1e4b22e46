"""三员分立 (separate duties): the user administrator manages logins and never reads the
trail; the auditor reads the trail and changes nothing; no role deletes it."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from accounts.permissions import role_allows
from audit.choices import EventKind
from audit.models import AuditEvent

TRAIL_PAGES = [
    reverse("audit:events"), reverse("audit:events_export"), reverse("audit:changes"),
    reverse("admin:audit_auditevent_changelist"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", TRAIL_PAGES)
@pytest.mark.parametrize("who", ["useradmin", "city", "yuexiu_staff", "economy_staff", "nobody"])
def test_no_one_but_the_auditor_reads_the_trail(client, personas, who, page):
    client.force_login(getattr(personas, who))
    response = client.get(page)
    # A login with no role is not staff: the admin sends it to its own login page.
    assert response.status_code == 403 or response.url.startswith("/admin/login/")


@pytest.mark.django_db
def test_a_member_and_a_stranger_cannot_reach_the_trail(client, personas):
    assert client.get(reverse("audit:events")).status_code == 302
    client.force_login(personas.member_user)
    assert client.get(reverse("audit:events")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("page", TRAIL_PAGES)
def test_the_auditor_reads_the_trail(client, personas, page):
    client.force_login(personas.auditor)
    assert client.get(page).status_code == 200


@pytest.mark.django_db
def test_the_user_administrator_manages_users_but_the_admin_index_shows_no_trail(client, personas):
    client.force_login(personas.useradmin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    change = reverse("admin:accounts_user_change", args=[personas.beijing_clerk.pk])
    assert client.get(change).status_code == 200
    index = client.get(reverse("admin:index")).content.decode()
    assert "审计记录" not in index


@pytest.mark.django_db
def test_the_auditor_changes_nothing_else(client, personas):
    client.force_login(personas.auditor)
    for url in [
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[personas.city.pk]),
        reverse("admin:members_member_changelist"),
        reverse("admin:workrooms_workroom_changelist"),
        reverse("admin:audit_auditevent_add"),
    ]:
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["auditor", "city"])
def test_no_one_deletes_an_event_through_the_admin(client, personas, django_user_model, who):
    event = AuditEvent.objects.create(kind=EventKind.LOGIN, username="city")
    client.force_login(getattr(personas, who))
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = client.get(reverse("admin:audit_auditevent_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_not_even_a_superuser_deletes_an_event_through_the_admin(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="Root-Passw0rd!")
    event = AuditEvent.objects.create(kind=EventKind.LOGIN, username="city")
    client.force_login(root)
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_the_role_matrix_grants_no_change_or_delete_of_the_trail(role):
    for action in ("add", "change", "delete"):
        assert not role_allows(role, "audit", "auditevent", action)
    assert role_allows(role, "audit", "auditevent", "view") == (role == Role.AUDITOR)
