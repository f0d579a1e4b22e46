from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

RENEWED_KEY = "_renewed_at"


class SessionRenewalMiddleware:
    """Idle sessions end after SESSION_COOKIE_AGE (30 minutes): each request
    renews the expiry, but writes the session at most once every SESSION_RENEW_SECONDS (60).

    Saving the session on every request was an UPDATE and a commit (a disk flush) on every
    page a logged-in user opened (bench/README.md). A session therefore ends between 29 and
    30 minutes after its last request, never later. Sits just inside SessionMiddleware, which
    saves a session marked modified on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None:
            return response  # no session cookie: nothing to keep alive
        renewed = session.get(RENEWED_KEY, 0)
        if session.is_empty():
            return response  # it had expired or been logged out: never create one here
        now = int(timezone.now().timestamp())
        if now - renewed >= settings.SESSION_RENEW_SECONDS:
            session[RENEWED_KEY] = now  # modified: saved with a new expiry
        return response


class ForcePasswordChangeMiddleware:
    """Demo and imported accounts must choose their own password before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # With password sign-in off, a password someone else set opens nothing: not forced.
        if not settings.PASSWORD_SIGN_IN:
            return self.get_response(request)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("password_change"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("password_change")
        return self.get_response(request)


class RequireOTPMiddleware:
    """Staff of the municipal office and the districts verify a TOTP code after the password;
    anyone who has set up a device verifies too.

    Until verified, every page but the 2FA pages, logout and a forced password change
    sends them to set up a device (none yet) or to enter a code. The admin is covered.
    A sign-in through the unified identity at an assurance level listed in
    OIDC_ACR_SUFFICIENT counts as verified (accounts.oidc.ASSURED_KEY); one through 粤政易
    only while WECOM_ASSURANCE_SUFFICIENT says so (accounts.otp.provider_assured).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        from .otp import has_device, otp_required, provider_assured

        # accounts.oidc.ASSURED_KEY, or 粤政易 under WECOM_ASSURANCE_SUFFICIENT
        if request.session.get("identity_assured") or provider_assured(request):
            return self.get_response(request)

        device = has_device(user)
        if not (device or otp_required(user)) or self._allowed(request):
            return self.get_response(request)
        target = reverse("otp_verify" if device else "otp_setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")

    def _allowed(self, request) -> bool:
        names = {"otp_setup", "otp_verify", "logout"}
        if request.user.must_change_password:
            names |= {"password_change"}
        paths = {reverse(name) for name in names}
        return request.path in paths or request.path.startswith("/static/")
