"""Who opens each daily page in the benchmark, chosen from the generated data, and how they
are logged in without typing a password or a TOTP code.

The busiest of each kind is chosen (the city member with most duty records this year, the
district with most members, the workroom with most activities), so the figures are the
heavy end of an ordinary day, not the average.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone


@dataclass
class Personas:
    city: object
    district_staff: object
    clerk: object
    member_user: object
    member: object
    workroom: object
    district: object
    member_feed_token: str


def choose() -> Personas:
    from accounts.models import User
    from members.models import Member
    from receptions.models import MemberCalendarFeed
    from regions.models import District
    from workrooms.models import Workroom

    year = timezone.localdate().year
    member = (
        Member.objects.filter(level="city", status="active", user__isnull=False,
                              workrooms__isnull=False)
        .annotate(n=Count("duty_records", filter=Q(duty_records__date__year=year), distinct=True))
        .order_by("-n", "pk").first()
    )
    district = District.objects.annotate(n=Count("members")).order_by("-n", "code").first()
    workroom = (Workroom.objects.filter(active=True, town__district=district)
                .annotate(n=Count("activities")).order_by("-n", "pk").first())
    return Personas(
        city=User.objects.filter(role="city", is_active=True).order_by("pk").first(),
        district_staff=User.objects.filter(role="district", district=district).order_by("pk")
        .first(),
        clerk=workroom.clerk, member_user=member.user, member=member, workroom=workroom,
        district=district,
        member_feed_token=MemberCalendarFeed.objects.get_or_create(member=member)[0].token,
    )


def login_backend() -> str:
    """The backend Django's test client would pick: the first one that can get_user."""
    from django.conf import settings
    from django.contrib.auth import load_backend

    return next(path for path in settings.AUTHENTICATION_BACKENDS
                if hasattr(load_backend(path), "get_user"))


def otp_device_id(user) -> str | None:
    """Staff who must use TOTP have a confirmed device (the generator made one); a session
    that verified it carries its persistent id (django_otp.login)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device.persistent_id if device else None


def verify_otp(client, user) -> None:
    """After client.force_login(user): mark the session as having passed the second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device_id = otp_device_id(user)
    if device_id:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device_id
        session.save()


def session_key(user) -> str:
    """A logged-in, second-factor-verified session in the session table, for the load run
    (bench-only: the same rows django.contrib.auth.login and django_otp.login write)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = login_backend()
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device_id = otp_device_id(user)
    if device_id:
        session[DEVICE_ID_SESSION_KEY] = device_id
    session.create()
    return session.session_key
