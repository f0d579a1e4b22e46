"""What the separation-of-duties tests (三员分立) share: the admin's forms as a browser
posts them, and the actions of the list of 特权变更申请."""

from django.urls import reverse

from audit.models import AuditEvent
from notices.models import Message


def user_form(user, **changes) -> dict:
    """The user admin's change form as the browser posts it, with `changes`."""
    data = {
        "username": user.username, "display_name": user.display_name, "phone": user.phone,
        "email": user.email, "role": user.role, "district": user.district_id or "",
        "town": user.town_id or "", "committee": user.committee_id or "",
        "is_active": "on" if user.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def decide(client, action: str, *requests, note: str = ""):
    """Select requests in the list of 特权变更申请 and run an action (approve / refuse)."""
    return client.post(reverse("admin:accounts_rolechangerequest_changelist"), {
        "action": action, "_selected_action": [r.pk for r in requests], "index": "0",
        "note": note,
    }, follow=True)


def kinds_recorded() -> list[str]:
    """The audit trail's kinds in order, without the sign-ins and sign-outs."""
    events = AuditEvent.objects.exclude(kind__in=["login", "logout"]).order_by("pk")
    return list(events.values_list("kind", flat=True))


def told(user, channel: str = "inbox") -> list[str]:
    """The subjects of the messages `user` was sent on `channel`."""
    return list(Message.objects.filter(recipient=user, channel=channel)
                .values_list("subject", flat=True))


def verified_login(client, user, device) -> None:
    """Signed in with the second factor already given (as django_otp records it)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
