from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .choices import Role
from .models import Heartbeat


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        messages.success(self.request, _("密码已修改。"))
        return response


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
    return links


@never_cache
def healthz(request):
    """Database, broker and the last beat run, for the load balancer and the on-call clerk."""
    report = {"database": _check_database(), "redis": _check_broker(), "beat": None}
    beat = Heartbeat.objects.filter(name="beat").first()
    report["beat"] = beat.at.isoformat() if beat else None
    healthy = report["database"] == "ok" and report["redis"] in {"ok", "not configured"}
    return JsonResponse(report, status=200 if healthy else 503)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is a failed check
        return f"error: {exc.__class__.__name__}"


def _check_broker() -> str:
    from django.conf import settings

    if not settings.CELERY_BROKER_URL:
        return "not configured"
    try:
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2).ping()
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"
