"""Django's and axes' authentication hooks: the only place these moments can be seen.

Each receiver only writes one audit event; nothing else follows from them.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .choices import EventKind
from .services import audit_record


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender, request, user, **kwargs):
    # A sign-in through an identity provider (accounts.wecom) says which.
    via = getattr(user, "signed_in_via", "")
    audit_record(kind=EventKind.LOGIN, request=request, user=user,
                 detail={"via": via} if via else None)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in `credentials` with stars.
    username = str(credentials.get("username", ""))[:150]
    audit_record(kind=EventKind.LOGIN_FAILED, request=request, username=username)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(kind=EventKind.LOGOUT, request=request, user=user)


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def record_lockout(sender, request, username, ip_address, **kwargs):
    audit_record(
        kind=EventKind.LOCKOUT, request=request, username=str(username or "")[:150],
        detail={"ip_address": ip_address},
    )
