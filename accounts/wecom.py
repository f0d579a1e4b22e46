"""Signing in through 粤政易 (WeChat Work's OAuth2 code flow), and linking one's account to it.

    wecom_login ──► 粤政易's page ──► wecom_callback?code=…&state=… ──► getuserinfo ──► user id
    (or wecom_link)  (inside the app: silent OAuth2; elsewhere: a QR code to scan)

The flow starts here, which keeps a random `state` in the session (10 minutes, once): a
callback without it was not started by this browser and is refused (login CSRF). A linked,
active account is then signed in without its password; an account that needs a second
factor still enters its code (RequireOTPMiddleware) unless WECOM_ASSURANCE_SUFFICIENT
counts 粤政易's own sign-in as one (accounts.otp.provider_assured). A signed-in user links
their own id by going through the same flow (wecom_link); the user administrator sets or
clears it in the admin (not a privileged account's: accounts.admin). One id, one account.

Every refusal (unlinked id, invalid or expired code, another corporation, a missing or old
state, 粤政易 unreachable) is a page in Chinese and an audit event (登录失败, its reason in
the detail). Refusals do not count toward the login locks: a code cannot be guessed, and
粤政易 itself authenticated the person; a locked account or address stays locked.
"""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.choices import EventKind
from audit.services import audit_record
from core.links import site_base_url
from notices.services import notify
from wecom.client import WeComClient, WeComError, configured

from . import lockout, otp
from .models import User
from .views import _next_url

FLOW_KEY = "wecom_flow"
FLOW_SECONDS = 600
CODE_MAX_LENGTH = 512
PASSWORD_BACKEND = "accounts.auth.ModelBackendWithoutGrants"
VIA = "wecom"

# Each refusal: its HTTP status, title and what the person can do, in Chinese.
REFUSALS = {
    "bad_state": (400, _("登录请求已失效"), _(
        "这次粤政易登录不是从本平台发起的，或已超过10分钟。请回到登录页，重新点击“通过粤政易登录”。")),
    "invalid_code": (400, _("粤政易授权已过期"), _(
        "粤政易返回的授权码无效或已过期（授权码5分钟内有效，且只能使用一次）。请重新登录。")),
    "denied": (403, _("未获粤政易授权"), _(
        "您没有在粤政易中同意授权，无法通过粤政易登录。可重新登录，或用用户名和密码登录。")),
    "wrong_corp": (403, _("不是本单位的粤政易账号"), _(
        "您所用的粤政易（企业微信）账号不属于本平台所在的单位，无法登录。请使用本单位的粤政易账号，"
        "或用用户名和密码登录。")),
    "unlinked": (403, _("粤政易账号尚未绑定"), _(
        "您的粤政易账号尚未与本平台的账号绑定。请先用用户名和密码登录，在“消息接收设置”中绑定粤政易账号，"
        "或请系统管理员为您绑定。")),
    "inactive": (403, _("账号已停用"), _(
        "与该粤政易账号绑定的平台账号已停用。如需恢复，请联系系统管理员。")),
    "taken": (409, _("该粤政易账号已绑定其他账号"), _(
        "一个粤政易账号只能绑定一个平台账号。如需改绑，请联系系统管理员。")),
    "unavailable": (503, _("暂时无法连接粤政易"), _(
        "粤政易暂时无法访问或尚未配置。请稍后再试，或用用户名和密码登录。")),
}


def sign_in_enabled() -> bool:
    return bool(settings.WECOM_SIGN_IN) and configured()


def linking_enabled() -> bool:
    return configured() and bool(settings.WECOM_SIGN_IN or settings.WECOM_MESSAGES)


# ------------------------------------------------------------------------------ starting


@never_cache
def login_start(request):
    """通过粤政易登录 (the login page's button, and every 粤政易 text card's link)."""
    if not sign_in_enabled():
        raise Http404
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url)
    return _start(request, purpose="login", next_url=next_url)


@never_cache
@login_required
def link_start(request):
    """A signed-in user links their own 粤政易 id: they go through 粤政易 as to sign in."""
    if not linking_enabled():
        raise Http404
    return _start(request, purpose="link", next_url=reverse("notices:preferences"))


def _start(request, *, purpose: str, next_url: str):
    try:
        client = WeComClient()
    except ImproperlyConfigured:
        return _refuse(request, "unavailable", purpose=purpose)
    state = secrets.token_urlsafe(24)
    request.session[FLOW_KEY] = {"state": state, "purpose": purpose, "next": next_url,
                                 "at": int(time.time())}
    in_app = "wxwork" in request.headers.get("User-Agent", "").lower()
    redirect_uri = f"{site_base_url(request)}{reverse('wecom_callback')}"
    return redirect(client.authorize_url(redirect_uri=redirect_uri, state=state, in_app=in_app))


# ------------------------------------------------------------------------------ returning


@never_cache
def callback(request):
    if not linking_enabled():
        raise Http404
    flow = request.session.pop(FLOW_KEY, None)
    if not isinstance(flow, dict):
        flow = {}
    purpose = flow.get("purpose") if flow.get("purpose") in {"login", "link"} else "login"
    state = request.GET.get("state", "")
    fresh = isinstance(flow.get("at"), int) and time.time() - flow["at"] <= FLOW_SECONDS
    if not (flow and fresh and state and constant_time_compare(state, str(flow.get("state")))):
        return _refuse(request, "bad_state", purpose=purpose)
    if purpose == "link" and not request.user.is_authenticated:
        return _refuse(request, "bad_state", purpose=purpose)
    if purpose == "login" and not sign_in_enabled():
        raise Http404
    appid = request.GET.get("appid")
    if appid is not None and appid != settings.WECOM_CORP_ID:
        return _refuse(request, "wrong_corp", purpose=purpose)
    code = request.GET.get("code", "")
    if not code:
        return _refuse(request, "denied", purpose=purpose)
    if len(code) > CODE_MAX_LENGTH or not code.isascii() or not code.isprintable():
        return _refuse(request, "invalid_code", purpose=purpose)
    try:
        info = WeComClient().user_info(code)
    except WeComError as exc:
        reason = "invalid_code" if exc.invalid_code else "unavailable"
        return _refuse(request, reason, purpose=purpose, error=str(exc))
    except ImproperlyConfigured:
        return _refuse(request, "unavailable", purpose=purpose)
    if not info.userid:  # someone outside the corporation: WeChat Work gives an openid only
        return _refuse(request, "wrong_corp", purpose=purpose)
    if purpose == "link":
        return _link(request, info.userid)
    return _sign_in(request, info.userid, flow.get("next") or reverse("home"))


def _sign_in(request, userid: str, next_url: str):
    user = User.objects.filter(wecom_userid__iexact=userid).first()
    if user is None:
        return _refuse(request, "unlinked", userid=userid)
    if not user.is_active:
        return _refuse(request, "inactive", userid=userid, user=user)
    if lockout.is_locked(request, user):
        _audit_refusal(request, "locked", userid=userid, user=user)
        return lockout.locked_response(request, user)
    user.signed_in_via = VIA  # the audit trail's 登录 event says how (audit.receivers)
    login(request, user, backend=PASSWORD_BACKEND)
    request.session[otp.PROVIDER_KEY] = VIA
    if otp.provider_assured(request) or not (otp.has_device(user) or otp.otp_required(user)):
        lockout.login_completed(user=user)  # else once the code is verified
    if not next_url.startswith("/"):
        next_url = reverse("home")
    return redirect(next_url)


def _link(request, userid: str):
    user = request.user
    if user.wecom_userid and user.wecom_userid.lower() == userid.lower():
        messages.info(request, _("您的账号已绑定该粤政易账号。"))
        return redirect("notices:preferences")
    other = User.objects.filter(wecom_userid__iexact=userid).exclude(pk=user.pk).exists()
    if other:
        return _refuse(request, "taken", purpose="link", userid=userid)
    try:
        wecom_link_set(user=user, userid=userid, by=user, request=request)
    except IntegrityError:  # linked to another account in the meantime
        return _refuse(request, "taken", purpose="link", userid=userid)
    messages.success(request, _("已绑定粤政易账号，今后可通过粤政易登录并接收消息。"))
    return redirect("notices:preferences")


@require_POST
@login_required
def unlink(request):
    if request.user.wecom_userid:
        wecom_link_set(user=request.user, userid=None, by=request.user, request=request)
        messages.success(request, _("已解除粤政易账号绑定。"))
    return redirect("notices:preferences")


# ------------------------------------------------------------------------------ the link


@transaction.atomic
def wecom_link_set(*, user, userid: str | None, by, request=None) -> None:
    """Link `user` to a 粤政易 id, or unlink it (None): audited, and its owner is told when
    someone else did it (whoever links their own id to an account signs in as it)."""
    before = user.wecom_userid
    user.wecom_userid = userid or None
    user._history_user = by
    user.save(update_fields=["wecom_userid"])
    wecom_link_changed(user=user, before=before, by=by, request=request)


def wecom_link_changed(*, user, before: str | None, by, request=None) -> None:
    """After the link changed (here or in the admin): the audit event, and the owner's
    notice when it was not them."""
    after = user.wecom_userid
    if (before or None) == (after or None):
        return
    what = _("绑定粤政易账号") if after else _("解除粤政易账号绑定")
    audit_record(kind=EventKind.CHANGE, request=request, user=by, obj=user, detail={
        "action": str(what), "account": user.get_username(), "wecom_userid": after or "",
        "wecom_userid_was": before or "",
    })
    if by is not None and by.pk != user.pk:
        words = {"username": user.get_username(), "what": what, "by": by}
        transaction.on_commit(lambda: notify(
            people=[user], key=f"wecom-link:{user.pk}:{time.time_ns()}",
            subject=_("您的粤政易账号绑定已变更"), link=reverse("notices:preferences"),
            body=_("您的账号（%(username)s）已由%(by)s%(what)s。绑定后可通过该粤政易账号登录本平台，"
                   "如非您本人申请，请立即联系市政协办公厅。") % words,
        ))


# ------------------------------------------------------------------------------ refusals


def _refuse(request, reason: str, *, purpose: str = "login", userid: str = "", user=None,
            error: str = ""):
    _audit_refusal(request, reason, purpose=purpose, userid=userid, user=user, error=error)
    status, title, text = REFUSALS[reason]
    return render(request, "registration/wecom_refused.html", {
        "title": title, "text": text, "retry": purpose == "login" and sign_in_enabled(),
        "next": reverse("notices:preferences") if purpose == "link" else reverse("login"),
        "purpose": purpose,
    }, status=status)


def _audit_refusal(request, reason, *, purpose="login", userid="", user=None, error=""):
    detail = {"via": VIA, "reason": reason, "purpose": purpose}
    if userid:
        detail["wecom_userid"] = userid[:64]
    if error:
        detail["error"] = error[:200]
    kind = EventKind.LOGIN_FAILED if purpose == "login" else EventKind.PERMISSION_DENIED
    username = user.get_username() if user is not None else (f"粤政易:{userid}" if userid else "")
    audit_record(kind=kind, request=request, username=username[:150], detail=detail)
