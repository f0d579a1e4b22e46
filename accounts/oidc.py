"""Signing in through the province's unified identity (统一身份认证): OpenID Connect's
authorization code flow, through mozilla-django-oidc.

Each request carries a state, a nonce and a PKCE challenge; the ID token is RS256, verified
against the keys the provider publishes (JWKS), and must name this platform (`aud`), the
configured provider (`iss`) and an expiry. Its subject (`sub`) signs in to the one account
linked to it (accounts.IdentityLink); a subject with no link is refused and the refusal
audited, never given a new account. The second factor still applies after such a sign-in,
unless the provider vouches for a level of assurance (`acr`) listed in OIDC_ACR_SUFFICIENT.
"""

from __future__ import annotations

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import IdentityLink

# The session keys: how this session was signed in, whether the provider's assurance stands
# for the second factor, and the account that asked to link an identity to itself.
METHOD_KEY = "sign_in_method"
ASSURED_KEY = "identity_assured"
LINK_KEY = "identity_link_for"

REASONS = {
    "disabled": _("本平台未开启统一身份认证登录。"),
    "unknown_subject": _(
        "您的统一身份尚未绑定本平台的账号。请先用用户名和密码登录，在“统一身份绑定”中绑定；"
        "或把下面的统一身份标识告知系统管理员，由其为您绑定。"
    ),
    "token": _("统一身份认证平台返回的登录凭证无效或已过期，请从登录页重新登录。"),
    "state": _("这次登录请求已失效，或不是从本平台发起的，请从登录页重新登录。"),
    "provider": _("暂时无法连接统一身份认证平台，请稍后再试，或使用其他方式登录。"),
    "provider_error": _("统一身份认证平台没有完成认证（可能已取消登录），请重新登录。"),
    "inactive": _("与该统一身份绑定的账号已停用，请联系系统管理员。"),
    "taken": _("该统一身份已绑定本平台的其他账号，不能再绑定到您的账号。"),
    "already_linked": _("您的账号已绑定一个统一身份，请先解除原有绑定。"),
    "locked": _("登录失败次数过多，您所在的网络地址已被暂时锁定，请稍后再试。"),
}


class SignInRefused(Exception):
    """A sign-in or a link the platform refuses; `reason` is a key of REASONS."""

    def __init__(self, reason: str, *, subject: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.subject = subject[:255]


def enabled_methods() -> list[str]:
    """The sign-in methods that are on, for the login page and the system check."""
    methods = []
    if settings.PASSWORD_SIGN_IN:
        methods.append("password")
    if settings.OIDC_SIGN_IN:
        methods.append("oidc")
    if getattr(settings, "WECOM_SIGN_IN", False):
        methods.append("wecom")
    return methods


def acr_is_sufficient(acr) -> bool:
    return bool(acr) and str(acr) in set(settings.OIDC_ACR_SUFFICIENT)


class IdentityBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, mapping the subject to its linked account instead of
    matching e-mail addresses or creating users. Answers only the callback of the code flow
    (the view passes the nonce it kept); a password sign-in never reaches the provider.
    Like the password backend it grants nothing: permissions come from roles only."""

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_SIGN_IN or request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as exc:
            raise SignInRefused("provider") from exc
        except (jwt.InvalidTokenError, SuspiciousOperation, KeyError, ValueError) as exc:
            raise SignInRefused("token") from exc

    def verify_token(self, token, **kwargs):
        """The library checks the signature, the algorithm, the expiry and the nonce; the
        issuer, the audience and that an expiry and a subject are there are checked here."""
        if not token:
            raise SignInRefused("token")
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        client_id = settings.OIDC_RP_CLIENT_ID
        if (
            payload.get("iss") != settings.OIDC_ISSUER
            or client_id not in audiences
            or (len(audiences) > 1 and payload.get("azp") != client_id)
            or "exp" not in payload
            or not isinstance(payload.get("sub"), str)
            or not payload["sub"]
        ):
            raise SignInRefused("token")
        self.request.identity_claims = payload  # the view reads the assurance (acr)
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        subject = payload["sub"]
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != subject:  # OpenID Connect Core 5.3.2
            raise SignInRefused("token")
        linking = self.request.session.get(LINK_KEY)
        if linking is not None:
            return self._link(linking, subject)
        link = (
            IdentityLink.objects.filter(issuer=settings.OIDC_ISSUER, subject=subject)
            .select_related("user").first()
        )
        if link is None:
            raise SignInRefused("unknown_subject", subject=subject)
        if not link.user.is_active:
            raise SignInRefused("inactive", subject=subject)
        IdentityLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
        return link.user

    def _link(self, user_pk: int, subject: str):
        """The signed-in account asked to link the identity it is coming back with."""
        user = self.request.user
        if not user.is_authenticated or user.pk != user_pk:
            raise SignInRefused("state")
        identity_link(user=user, subject=subject, by=user)
        return user


def identity_link(*, user, subject: str, by) -> IdentityLink:
    """Links `subject` of the configured provider to `user` (one to one)."""
    issuer = settings.OIDC_ISSUER
    if IdentityLink.objects.filter(issuer=issuer, subject=subject).exclude(user=user).exists():
        raise SignInRefused("taken", subject=subject)
    if IdentityLink.objects.filter(user=user).exists():
        raise SignInRefused("already_linked", subject=subject)
    try:
        with transaction.atomic():
            return IdentityLink.objects.create(
                user=user, issuer=issuer, subject=subject, linked_by=by
            )
    except IntegrityError as exc:  # a second tab linked meanwhile
        raise SignInRefused("taken", subject=subject) from exc
