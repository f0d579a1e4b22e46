"""The other side of the clerk rule (规范 第七条): a login that is a workroom's clerk cannot
be given another role or another town/street while it is, or it would go on reading that
workroom's visitors in full. The user administrator gets a Chinese message saying which
workrooms to hand to another clerk first; once they have, the change goes through."""

import pytest
from django.urls import reverse

from accounts.choices import Role

from ..factories import town

pytestmark = pytest.mark.django_db


def user_form(user, **changes) -> dict:
    data = {
        "username": user.username, "display_name": user.display_name, "phone": user.phone,
        "email": user.email, "role": user.role, "district": user.district_id or "",
        "town": user.town_id or "", "committee": user.committee_id or "", "is_active": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
    }
    data.update(changes)
    return data


def post(client, user, **changes):
    return client.post(reverse("admin:accounts_user_change", args=[user.pk]),
                       user_form(user, **changes))


def test_a_clerk_cannot_be_made_district_staff_or_moved_while_they_clerk(client, personas):
    clerk = personas.beijing_clerk
    client.force_login(personas.useradmin)
    for changes in ({"role": Role.DISTRICT}, {"town": town("六榕街道").pk}):
        response = post(client, clerk, **changes)
        assert response.status_code == 200
        assert "该账号是工作室“北京街工作室”的工作人员" in response.content.decode()
        clerk.refresh_from_db()
        assert (clerk.role, clerk.town) == (Role.CLERK, town("北京街道"))


def test_once_the_workroom_has_no_clerk_the_login_may_change(client, personas):
    personas.beijing_room.clerk = None
    personas.beijing_room.save()
    client.force_login(personas.useradmin)
    assert post(client, personas.beijing_clerk, town=town("六榕街道").pk).status_code == 302
    personas.beijing_clerk.refresh_from_db()
    assert personas.beijing_clerk.town == town("六榕街道")
