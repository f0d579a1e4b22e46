"""The auditor's pages (安全审计员, 三员分立): search, export and record changes.

Only a login with `audit.view_auditevent` (the auditor role; superusers in an
emergency) reads them; anyone else gets 403, which is itself recorded.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from documents.xlsx import workbook_bytes

from .choices import EventKind
from .forms import ChangeSearchForm, EventSearchForm
from .models import AuditEvent
from .services import audit_record, record_changes

EXPORT_MAX_ROWS = 100_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def auditor_required(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("audit.view_auditevent"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _searched(request):
    form = EventSearchForm(request.GET or None)
    events = AuditEvent.objects.all()
    if form.is_bound and form.is_valid():
        events = events.search(**form.cleaned_data)
    elif form.is_bound:
        events = events.none()
    return form, events


@auditor_required
def events(request):
    form, found = _searched(request)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/events.html", {
        "form": form, "page": page, "query": query.urlencode(),
    })


@auditor_required
def events_export(request):
    """The search result as .xlsx; the export is itself an audit event."""
    form, found = _searched(request)
    rows = [
        (e.at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M:%S"),
         e.username, e.ip_address or "", e.get_kind_display(), e.object_label, e.object_id,
         e.object_repr, e.path, e.detail_text())
        for e in found[:EXPORT_MAX_ROWS]
    ]
    audit_record(kind=EventKind.EXPORT, request=request, detail={
        "name": "审计记录.xlsx", "rows": len(rows), "query": request.GET.urlencode()[:500],
    })
    headers = [
        "时间", "用户名", "来源地址", "类型", "对象类型", "对象编号", "对象", "访问路径", "详情",
    ]
    response = HttpResponse(workbook_bytes([("审计记录", headers, rows)]), content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
    return response


@auditor_required
def changes(request):
    """Every change to a record, with before and after (simple-history of each model)."""
    form = ChangeSearchForm(request.GET or None)
    found = []
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        found = record_changes(
            username=data.get("username", ""), date_from=data.get("date_from"),
            date_to=data.get("date_to"), model_label=data.get("model", ""),
        )
    return render(request, "audit/changes.html", {"form": form, "changes": found})
