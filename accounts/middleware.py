from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class ForcePasswordChangeMiddleware:
    """Demo and imported accounts must choose their own password before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("password_change"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("password_change")
        return self.get_response(request)


class RequireOTPMiddleware:
    """Staff of the municipal office and the districts verify a TOTP code after the password
    (issue 7 item 1); anyone who has set up a device verifies too.

    Until verified, every page but the 2FA pages, logout and a forced password change
    sends them to set up a device (none yet) or to enter a code. The admin is covered.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        from .otp import has_device, otp_required

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
