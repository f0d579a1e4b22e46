"""A new installation has nobody to approve its first municipal-office accounts: the
server's console grants them (manage.py grant_role), and the grant is an audit event."""

import pytest
from django.core.management import CommandError, call_command

from accounts.choices import Role
from audit.choices import EventKind
from audit.models import AuditEvent

from ..factories import UserFactory


@pytest.mark.django_db
def test_the_console_grants_the_first_municipal_office_account():
    user = UserFactory(username="first_city")
    call_command("grant_role", "first_city", "--role", Role.CITY)
    user.refresh_from_db()
    assert user.role == Role.CITY and user.is_staff
    event = AuditEvent.objects.get(kind=EventKind.PRIVILEGE_APPROVED)
    assert event.username == "manage.py grant_role" and event.detail["via"] == "console"


@pytest.mark.django_db
def test_it_refuses_in_chinese_what_the_role_needs_but_lacks():
    UserFactory(username="staff")
    with pytest.raises(CommandError, match="区政协工作人员必须指定所属区"):
        call_command("grant_role", "staff", "--role", Role.DISTRICT)
    call_command("grant_role", "staff", "--role", Role.DISTRICT, "--district", "越秀区")


@pytest.mark.django_db
def test_it_finds_places_by_name_and_says_which_it_cannot_find():
    user = UserFactory(username="lead")
    with pytest.raises(CommandError, match="找不到：火星区"):
        call_command("grant_role", "lead", "--role", Role.TOWN, "--district", "火星区",
                     "--town", "北京街道")
    call_command("grant_role", "lead", "--role", Role.TOWN, "--district", "越秀区",
                 "--town", "北京街道")
    user.refresh_from_db()
    assert (user.role, user.town.name, user.town.district.name) == (Role.TOWN, "北京街道", "越秀区")
