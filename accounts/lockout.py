"""Login locks (django-axes) past the password form.

A wrong second-factor code is a failed login of that account: five failures, of passwords
and codes together, lock the account and the address for 30 minutes (AXES_FAILURE_LIMIT,
AXES_COOLOFF_TIME), and a lock caused by wrong codes is told to the account's owner, since
whoever typed them knew the password. The count is cleared only when a login is complete:
by the password for users without a second factor, by the code for everyone else.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notices.services import notify


def credentials_of(user) -> dict:
    return {"username": user.get_username()}


def is_locked(request, user) -> bool:
    return settings.AXES_ENABLED and AxesProxyHandler.is_locked(request, credentials_of(user))


def locked_response(request, user):
    """The half-finished login ends, and the locked page answers (429)."""
    credentials = credentials_of(user)
    logout(request)
    return get_lockout_response(request, credentials=credentials)


def otp_failure_record(*, request, user) -> int | None:
    """Count a wrong code as one failed login of `user`. Returns the tries left before
    the lock, 0 when this one locked the account (its owner is then told), None when
    locking is off."""
    if not settings.AXES_ENABLED:
        return None
    credentials = credentials_of(user)
    AxesProxyHandler.user_login_failed(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        _tell_owner(user, at=request.axes_attempt_time)
        return 0
    failures = AxesProxyHandler.get_failures(request, credentials)
    return max(settings.AXES_FAILURE_LIMIT - failures, 0)


def login_completed(*, user) -> None:
    """Forget the account's failed tries once its login is complete."""
    if settings.AXES_ENABLED:
        reset(username=user.get_username())


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def _tell_owner(user, *, at) -> None:
    minutes = cooloff_minutes()
    when = timezone.localtime(at)
    notify(
        people=[user], key=f"accounts:otp-lockout:{user.pk}:{at:%Y%m%d%H%M%S%f}",
        subject=_("您的账号因动态口令错误次数过多已被锁定"),
        body=_(
            "%(when)s，有人用您的密码登录后连续输错动态口令，账号已锁定%(minutes)s分钟。"
            "如不是您本人操作，说明密码可能已经泄露，请尽快修改密码并告知系统管理员。"
        ) % {"when": f"{when:%Y年%m月%d日 %H:%M}", "minutes": minutes},
    )
