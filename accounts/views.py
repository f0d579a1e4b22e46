"""Signing in: the login, the second factor (set up, then verified), one's own password."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from audit.choices import EventKind
from audit.services import audit_record
from documents.qr import qr_svg

from . import lockout, otp
from .forms import OTPTokenForm, OwnPasswordChangeForm


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from .wecom import sign_in_enabled

        return {**super().get_context_data(**kwargs), "wecom_sign_in": sign_in_enabled()}

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
