"""Locks are visible to the municipal office and the user administrator; the user
administrator unlocks, and the unlock is audited."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from audit.choices import EventKind
from audit.models import AuditEvent

from .test_security_lockout import GOOD, HOME_IP, fail_five_times, login

LOCKS = reverse("admin:axes_accessattempt_changelist")


@pytest.fixture
def locked(client, personas):
    fail_five_times(client, "yuexiu")
    client.logout()
    return personas


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["city", "useradmin"])
def test_the_office_and_the_user_administrator_see_the_locks(client, locked, who):
    client.force_login(getattr(locked, who))
    response = client.get(LOCKS)
    assert response.status_code == 200
    assert "yuexiu" in response.content.decode() and HOME_IP in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["yuexiu_staff", "beijing_clerk", "member_user", "auditor"])
def test_other_roles_do_not_see_the_locks(client, locked, who):
    client.force_login(getattr(locked, who))
    response = client.get(LOCKS)
    # Staff get 403; a member is not staff and is sent to the admin's login.
    assert response.status_code in (302, 403) and "yuexiu" not in response.content.decode()


@pytest.mark.django_db
def test_the_user_administrator_unlocks_and_the_unlock_is_audited(client, locked):
    client.force_login(locked.useradmin)
    attempt = AccessAttempt.objects.get(username="yuexiu")
    response = client.post(LOCKS, {"action": "unlock", "_selected_action": [attempt.pk]})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(kind=EventKind.UNLOCK)
    assert event.username == "useradmin" and event.detail["username"] == "yuexiu"
    client.logout()
    assert login(client, "yuexiu", GOOD).status_code == 302


@pytest.mark.django_db
def test_the_municipal_office_cannot_unlock(client, locked):
    client.force_login(locked.city)
    attempt = AccessAttempt.objects.get(username="yuexiu")
    client.post(LOCKS, {"action": "unlock", "_selected_action": [attempt.pk]})
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
