import secrets

from celery import current_app
from celery.schedules import maybe_schedule
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from audit.choices import EventKind
from audit.services import audit_record

from . import lockout, otp
from .choices import Role
from .forms import OTPTokenForm, OwnPasswordChangeForm
from .models import Heartbeat


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

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
    """First login of a staff user: scan the QR code, confirm one code (issue 7 item 1)."""
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
        "form": form, "qr_svg": otp.qr_svg(device), "secret": otp.secret_text(device),
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


@login_required
def home(request):
    """Each role's start page: a short list of where its work is."""
    return render(request, "home.html", {"links": _links_for(request.user)})


def _links_for(user) -> list[tuple[str, str]]:
    links = []
    if user.is_staff and user.role not in {Role.USER_ADMIN, Role.AUDITOR}:
        links.append((_("管理后台"), reverse_lazy("admin:index")))
    if user.role == Role.USER_ADMIN:
        links.append((_("用户管理"), reverse_lazy("admin:accounts_user_changelist")))
    if user.role == Role.MEMBER:
        links.append((_("我的履职"), reverse_lazy("scoring:me")))
    if user.is_superuser or user.role in {Role.CLERK, Role.TOWN, Role.DISTRICT, Role.CITY}:
        # The clerk's start (issue 4): their workrooms, activities, visitors and cases.
        at = 0 if user.role == Role.CLERK else len(links)
        links.insert(at, (_("工作室台账与群众诉求"), reverse_lazy("cases:start")))
    if user.is_superuser or user.role in {Role.CITY, Role.DISTRICT, Role.COMMITTEE}:
        links.append((_("履职统计"), reverse_lazy("scoring:table")))
        links.append((_("界别活动进度"), reverse_lazy("scoring:sectors")))
    if user.is_superuser or user.role in {
        Role.CITY, Role.DISTRICT, Role.TOWN, Role.CLERK, Role.MEMBER,
    }:
        links.append((_("接待安排（规范 第九条）"), reverse_lazy("receptions:plan")))
        links.append((_("工作室公开信息"), reverse_lazy("workrooms:directory")))
    if user.is_superuser or user.role in {Role.CITY, Role.DISTRICT, Role.COMMITTEE}:
        # 规范 第十四条; 举措 四(一): the yearly reports and summaries.
        links.append((_("年度报告"), reverse_lazy("reports:index")))
    if user.role in {Role.USER_ADMIN, Role.CITY}:
        links.append((_("登录锁定"), reverse_lazy("admin:axes_accessattempt_changelist")))
        # 三员分立: the user administrator files, the municipal office decides.
        requests = reverse_lazy("admin:accounts_rolechangerequest_changelist")
        links.append((_("特权变更申请"), requests))
    if user.role == Role.AUDITOR:
        links.append((_("审计记录"), reverse_lazy("audit:events")))
        links.append((_("数据修改记录"), reverse_lazy("audit:changes")))
    if not otp.has_device(user):
        links.append((_("启用动态口令"), reverse_lazy("otp_setup")))
    return links


@login_required
def ping(request):
    """A page that does nothing for a signed-in user: what every page costs before its own
    work (session, sign-in, second factor, content security policy). The benchmark's
    floor for signed-in pages, and a probe that signing in works end to end."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """Database, broker and the last beat run, for the load balancer and the on-call clerk.

    503 when the database or Redis is down, or when beat's heartbeat is older than twice its
    interval (config/celery.py). With no broker (make run: tasks run in-process, no beat)
    there is no heartbeat to expect and beat is "not configured". The cache is reported but
    does not fail the check: without it the pages are computed afresh (accounts/cache.py),
    slower but correct, so the web container stays in service."""
    beat = Heartbeat.objects.filter(name="beat").first()
    report = {
        "database": _check_database(), "redis": _check_broker(),
        "beat": beat.at.isoformat() if beat else None, "beat_status": _check_beat(beat),
        "cache": _check_cache(),
    }
    healthy = report["database"] == "ok" and all(
        report[name] in {"ok", "not configured"} for name in ("redis", "beat_status")
    )
    return JsonResponse(report, status=200 if healthy else 503)


def _check_beat(beat: Heartbeat | None) -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "not configured"
    every = maybe_schedule(current_app.conf.beat_schedule["heartbeat"]["schedule"]).run_every
    if beat is None or timezone.now() - beat.at > 2 * every:
        return "stale"
    return "ok"


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is a failed check
        return f"error: {exc.__class__.__name__}"


def _check_cache() -> str:
    """A round trip through the shared cache: "down" when what is stored cannot be read
    back (an unreachable Redis is a miss, never an error: accounts/cache.py)."""
    key = f"healthz:probe:{secrets.token_hex(8)}"  # one per request: probes never mix
    found = cache.add(key, True, 10) and cache.get(key, False)
    cache.delete(key)
    return "ok" if found else "down"


def _check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "not configured"
    try:
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2).ping()
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"
