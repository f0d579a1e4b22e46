"""The header's 我的消息 and its unread count, on every page (base.html, the admin's)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .models import Message


def inbox(request) -> dict:
    """`inbox_unread`: one COUNT on the (recipient, channel, read_at) index, run only when a
    page shows it, at most once per page; none for anonymous visitors."""
    return {"inbox_unread": SimpleLazyObject(lambda: unread_count(request))}


def unread_count(request) -> int:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return Message.objects.inbox_of(user).filter(read_at=None).count()
