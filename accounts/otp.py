"""The second factor (TOTP, django-otp): who must use it, and a device's setup.

Staff of the municipal office and of the districts, and the user
administrator and the auditor (三员), verify a six-digit code after their password;
every other login may choose to. Which roles must is the setting OTP_REQUIRED_ROLES.
"""

from __future__ import annotations

import unicodedata
from base64 import b32encode
from datetime import datetime

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "手机动态口令"
# The session of a login made through an identity provider names it (accounts.wecom).
PROVIDER_KEY = "signed_in_via"


def otp_required(user) -> bool:
    roles = tuple(getattr(settings, "OTP_REQUIRED_ROLES", ()))
    return bool(roles) and (user.is_superuser or user.role in roles)


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up: the same key until the user confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key as an authenticator app types it in: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def clean_token(raw: str) -> str:
    """Full-width digits and spaces (typed on a Chinese keyboard) become plain digits."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", raw or "") if not ch.isspace())


def throttled_until(user) -> datetime | None:
    """When every device of the user is refusing codes for now, the time one accepts a code
    again: django-otp waits 1, 2, 4, 8… seconds after each wrong code, and a code typed in
    that wait is refused unchecked, so it is neither right nor wrong."""
    times = []
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, why = device.verify_is_allowed()
        if allowed or not (why or {}).get("locked_until"):
            return None
        times.append(why["locked_until"])
    return min(times, default=None)


def confirmed_device_matching(user, token: str) -> TOTPDevice | None:
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def provider_assured(request) -> bool:
    """Signed in through 粤政易 while WECOM_ASSURANCE_SUFFICIENT counts its sign-in as the
    second factor (read on every request: turning the setting off asks for codes again)."""
    session = getattr(request, "session", None)
    return (session is not None and session.get(PROVIDER_KEY) == "wecom"
            and bool(getattr(settings, "WECOM_ASSURANCE_SUFFICIENT", False)))
