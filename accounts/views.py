"""Signing in: the login, the second factor (set up, then verified), one's own password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from audit.choices import EventKind
from audit.services import audit_record
from documents.qr import qr_svg

from . import lockout, oidc, otp
from .forms import OTPTokenForm, OwnPasswordChangeForm
from .models import IdentityLink


class LoginView(auth_views.LoginView):
    """The login page: the password form when PASSWORD_SIGN_IN is on, and a button for each
    other method that is on (accounts.oidc.enabled_methods)."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        methods = oidc.enabled_methods()
        return super().get_context_data(
            **kwargs, methods=methods, oidc_provider_name=settings.OIDC_PROVIDER_NAME,
        )

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_SIGN_IN:  # the form is not shown; a hand-made POST neither
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if not (otp.has_device(user) or otp.otp_required(user)):
            lockout.login_completed(user=user)  # else once the code is verified
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        messages.success(self.request, _("密码已修改。"))
        return response


@never_cache
@login_required
def otp_setup(request):
    """First login of a staff user: scan the QR code, confirm one code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if otp.has_device(request.user):
        # A password alone never adds a second device: verify with the existing one.
        return redirect(_to("otp_verify", request))
    device = otp.pending_device(request.user)
    form = OTPTokenForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            lockout.login_completed(user=request.user)
            audit_record(kind=EventKind.OTP_ENROLLED, request=request, obj=device)
            messages.success(request, _("动态口令已启用。"))
            return redirect(_next_url(request))
        audit_record(kind=EventKind.OTP_FAILED, request=request, detail={"step": "setup"})
        form.add_error("token", _("动态口令不正确，请核对手机时间后重新输入。"))
    return render(request, "registration/otp_setup.html", {
        "form": form, "qr_svg": qr_svg(device.config_url), "secret": otp.secret_text(device),
        "required": otp.otp_required(request.user), "next": _next_url(request),
    })


@never_cache
@login_required
def otp_verify(request):
    """Every later login of a user with a device: enter the current code.

    A wrong code counts toward the account's lock like a wrong password
    (accounts/lockout.py); the page says how many tries are left."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not otp.has_device(user):
        return redirect(_to("otp_setup", request))
    if lockout.is_locked(request, user):
        return lockout.locked_response(request, user)
    form = OTPTokenForm(request.POST or None)
    if form.is_valid():
        throttled_until = otp.throttled_until(user)
        if throttled_until is not None:
            form.add_error("token", _("尝试过于频繁，请在 %(time)s 之后再输入动态口令。") % {
                "time": f"{timezone.localtime(throttled_until):%H:%M:%S}"})
        elif (device := otp.confirmed_device_matching(user, form.cleaned_data["token"])):
            otp_login(request, device)
            lockout.login_completed(user=user)
            audit_record(kind=EventKind.OTP_VERIFIED, request=request, obj=device)
            return redirect(_next_url(request))
        else:
            return _wrong_code(request, form)
    return render(request, "registration/otp_verify.html", {
        "form": form, "next": _next_url(request),
    })


def _wrong_code(request, form):
    user = request.user
    audit_record(kind=EventKind.OTP_FAILED, request=request, detail={"step": "verify"})
    left = lockout.otp_failure_record(request=request, user=user)
    if left == 0:
        return lockout.locked_response(request, user)
    form.add_error("token", _("动态口令不正确或已使用，请等待下一个口令后重新输入。"))
    if left is not None:
        form.add_error("token", _("再输错 %(left)s 次，账号将被锁定 %(minutes)s 分钟。") % {
            "left": left, "minutes": lockout.cooloff_minutes()})
    return render(request, "registration/otp_verify.html", {
        "form": form, "next": _next_url(request),
    })


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure(),
    ):
        return candidate
    return reverse("home")


def _to(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


# ---- the province's unified identity (统一身份认证, OpenID Connect: accounts/oidc.py) ----

def identity_refused(request, reason: str, *, subject: str = "", status: int = 403):
    """The Chinese page of a refused sign-in or link; every refusal is audited."""
    audit_record(
        kind=EventKind.IDENTITY_REFUSED, request=request,
        detail={"reason": reason, "subject": subject},
    )
    return render(request, "registration/identity_refused.html", {
        "message": oidc.REASONS.get(reason, oidc.REASONS["token"]), "subject": subject,
        "methods": oidc.enabled_methods(), "provider": settings.OIDC_PROVIDER_NAME,
    }, status=status)


class IdentityStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with a new state, nonce and PKCE challenge."""

    def get(self, request):
        if not settings.OIDC_SIGN_IN:
            return identity_refused(request, "disabled", status=404)
        request.session.pop(oidc.LINK_KEY, None)  # a sign-in, not a link
        return super().get(request)


class IdentityCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code (or an error): the library
    checks the state and asks the backend, which exchanges the code and maps the subject."""

    def get(self, request):
        if not settings.OIDC_SIGN_IN:
            return identity_refused(request, "disabled", status=404)
        self.linking = request.session.get(oidc.LINK_KEY)
        if request.GET.get("error"):
            request.session.pop(oidc.LINK_KEY, None)
            return identity_refused(request, "provider_error")
        if not (request.GET.get("code") and request.GET.get("state")):
            return identity_refused(request, "state", status=400)
        try:
            return super().get(request)
        except oidc.SignInRefused as refused:
            request.session.pop(oidc.LINK_KEY, None)
            return identity_refused(request, refused.reason, subject=refused.subject)
        except SuspiciousOperation:  # a state this browser was not given, or used already
            return identity_refused(request, "state", status=400)

    def login_failure(self):
        self.request.session.pop(oidc.LINK_KEY, None)
        if getattr(self.request, "axes_locked_out", False):  # django-axes: the address is locked
            return identity_refused(self.request, "locked")
        return identity_refused(self.request, "state" if not self.linking else "token")

    def login_success(self):
        if self.linking is not None:
            self.request.session.pop(oidc.LINK_KEY, None)
            audit_record(kind=EventKind.IDENTITY_LINKED, request=self.request,
                         obj=self.user.identity_link)
            messages.success(self.request, _("已绑定统一身份，今后可以用统一身份认证登录。"))
            return HttpResponseRedirect(reverse("identity_link"))
        response = super().login_success()
        session = self.request.session
        session[oidc.METHOD_KEY] = "oidc"
        claims = getattr(self.request, "identity_claims", {})
        if oidc.acr_is_sufficient(claims.get("acr")):
            session[oidc.ASSURED_KEY] = True  # accounts.middleware.RequireOTPMiddleware
        if session.get(oidc.ASSURED_KEY) or not (
            otp.has_device(self.user) or otp.otp_required(self.user)
        ):
            lockout.login_completed(user=self.user)  # else once the code is verified
        return response


@never_cache
@login_required
def identity_link(request):
    """我的统一身份: the signed-in user links the identity they hold to their account, or
    removes the link."""
    link = IdentityLink.objects.filter(user=request.user).first()
    return render(request, "registration/identity_link.html", {
        "link": link, "enabled": settings.OIDC_SIGN_IN, "provider": settings.OIDC_PROVIDER_NAME,
    })


@never_cache
@login_required
@require_POST
def identity_link_start(request):
    if not settings.OIDC_SIGN_IN:
        return identity_refused(request, "disabled", status=404)
    if IdentityLink.objects.filter(user=request.user).exists():
        return identity_refused(request, "already_linked")
    view = OIDCAuthenticationRequestView()
    response = view.get(request)  # the same request as a sign-in: state, nonce, PKCE
    request.session[oidc.LINK_KEY] = request.user.pk
    return response


@never_cache
@login_required
@require_POST
def identity_unlink(request):
    link = IdentityLink.objects.filter(user=request.user).first()
    if link is not None:
        audit_record(kind=EventKind.IDENTITY_UNLINKED, request=request, obj=link)
        link.delete()
        messages.success(request, _("已解除统一身份绑定。"))
    return redirect("identity_link")
