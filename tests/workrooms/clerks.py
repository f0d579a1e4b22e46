"""Helpers of the clerk tests: the workroom admin's change form, and a clerk of another
town of 越秀区 (六榕街道)."""

from django.urls import reverse

from accounts.choices import Role

from ..factories import UserFactory, district, town


def liurong_clerk():
    return UserFactory(username="liurong_clerk", role=Role.CLERK, town=town("六榕街道"),
                       district=district("越秀区"))


def change_form(room, **changes) -> dict:
    """The workroom's change form as the admin posts it, with `changes` (ids) applied."""
    data = {
        "name": room.name, "kind": room.kind, "town": room.town_id,
        "community": room.community, "address": room.address, "clerk": room.clerk_id or "",
        "members": [m.pk for m in room.members.all()],
        **{flag: "on" for flag in ("shared_with_deputies", "monthly_receptions", "active")
           if getattr(room, flag)},
    }
    data.update(changes)
    return data


def post_change(client, room, **changes):
    return client.post(reverse("admin:workrooms_workroom_change", args=[room.pk]),
                       change_form(room, **changes))
