"""The start page each role lands on, linking into every app, and /healthz."""

import secrets

from celery import current_app
from celery.schedules import maybe_schedule
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from accounts import otp
from accounts.models import Heartbeat
from cases.start_page import my_workrooms

# The start page: (permission, label, address) in the order shown; a link appears to whoever
# holds its permission (accounts.permissions). A page reached from two permissions is
# listed once.
START_LINKS = [
    # the clerk's start: their workrooms, activities, visitors and cases
    ("cases.view_activity", _("工作室台账与群众诉求"), "cases:start"),
    # staff who keep the roster work in the admin; the user administrator and the
    # auditor have their own pages below
    ("members.view_member", _("管理后台"), "admin:index"),
    ("accounts.change_user", _("用户管理"), "admin:accounts_user_changelist"),
    ("scoring.view_own_dutyrecord", _("我的履职"), "scoring:me"),
    # 规范 第十三条（四）: the cases passed to a member (and those heard at their receptions)
    ("cases.file_case", _("我的群众诉求"), "cases:list"),
    ("scoring.view_dutyrecord", _("履职统计"), "scoring:table"),
    ("scoring.view_sectoractivity", _("界别活动进度"), "scoring:sectors"),
    # staff who keep the receptions, and the members who serve at them
    ("receptions.view_reception", _("接待安排（规范 第九条）"), "receptions:plan"),
    ("receptions.view_own_reception", _("接待安排（规范 第九条）"), "receptions:plan"),
    ("receptions.view_reception", _("工作室公开信息"), "workrooms:directory"),
    ("receptions.view_own_reception", _("工作室公开信息"), "workrooms:directory"),
    # 规范 第十四条: the districts' yearly reports; 举措 四（一）: the committees' summaries
    ("reports.view_districtreport", _("年度报告"), "reports:index"),
    ("members.summarize_committee", _("年度报告"), "reports:index"),
    ("axes.view_accessattempt", _("登录锁定"), "admin:axes_accessattempt_changelist"),
    # 三员分立: the user administrator files, the municipal office decides.
    ("accounts.add_rolechangerequest", _("特权变更申请"),
     "admin:accounts_rolechangerequest_changelist"),
    ("accounts.change_rolechangerequest", _("特权变更申请"),
     "admin:accounts_rolechangerequest_changelist"),
    ("audit.view_auditevent", _("审计记录"), "audit:events"),
    ("audit.view_auditevent", _("数据修改记录"), "audit:changes"),
]


@login_required
def home(request):
    """Each role's start page: a short list of where its work is; a clerk also sees each
    workroom's reception of today or the next one, one tap from recording it."""
    user = request.user
    context = {"links": _links_for(user)}
    if user.has_perm("cases.add_activity"):
        context.update(workrooms=my_workrooms(user, timezone.localdate()), can_add=True,
                       can_add_case=user.has_perm("cases.add_case"),
                       today=timezone.localdate())
    return render(request, "home.html", context)


def _links_for(user) -> list[tuple[str, str]]:
    links = {}
    for permission, label, name in START_LINKS:
        if user.has_perm(permission):
            links.setdefault(reverse(name), label)
    if not otp.has_device(user):
        links[reverse("otp_setup")] = _("启用动态口令")
    return [(label, url) for url, label in links.items()]


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
    interval (config/celery.py). With no broker (make run's web app, which runs its tasks
    in-process; its beat runs in a worker of its own, on a folder as broker) beat is "not
    configured" here and its heartbeat is not required. The cache is reported but
    does not fail the check: without it the pages are computed afresh (core/cache.py),
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
    back (an unreachable Redis is a miss, never an error: core/cache.py)."""
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
