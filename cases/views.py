"""The clerk's screens (phone first, fine on a PC) and the staff lists.

Every lookup goes through `for_user`; what is outside the user's scope is a 404.
Writes need the role's permission as well (`accounts.permissions`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from accounts.once import ALREADY_SUBMITTED, submit_once
from audit.choices import EventKind
from audit.services import audit_record
from documents.pdf import RenderTimeout
from documents.qr import qr_svg
from workrooms.models import Workroom

from .callbacks import callback_case_for_token, callback_deadline, callback_record
from .choices import Action, ActivityStatus, CallbackChannel, CaseState, Route, SettingKey
from .duplicates import duplicate_candidates
from .forms import (
    ROUTE_FIELDS,
    TEMPLATE_FIELD,
    ActivityEditForm,
    CallbackAnswerForm,
    CallbackForm,
    CaseForm,
    CaseFormSet,
    ConsultationTopicForm,
    LedgerFilterForm,
    RouteForm,
    VisitorForm,
)
from .ledger import (
    activity_lines,
    case_lines,
    ledger_build,
    ledger_page,
    ledger_pdf,
    ledger_totals,
    ledger_xlsx,
)
from .models import Activity, Case, Cluster, ReplyTemplate, RoutingSetting, Topic
from .privacy import visitors_shown
from .receipt import receipt_display, receipt_normalize
from .services import (
    activity_mark_held,
    activity_save,
    allowed_actions,
    case_route,
    consultation_topic_propose,
    route_refusal,
    visitor_register,
)
from .start_page import my_workrooms
from .status import plain_outcome, status_url

ACTIVITY_FIELDS = ["form", "date", "reception", "attendance", "summary"]


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _scoped(model, request, pk, *related):
    return get_object_or_404(model.objects.for_user(request.user).select_related(*related), pk=pk)


@login_required
def start(request):
    """The clerk's start page: their workrooms, drafts to finish, cases to route. A member
    has no workroom to keep: /cases/ shows them the cases they may read."""
    if not request.user.has_perm("cases.view_activity") and request.user.has_perm(
        "cases.file_case"
    ):
        return redirect("cases:list")
    _require(request, "cases.view_activity")
    user, today = request.user, timezone.localdate()
    cases = Case.objects.for_user(user).not_voided()
    workrooms = my_workrooms(user, today)
    return render(request, "cases/start.html", {
        "workrooms": workrooms, "today": today,
        "can_add_case": user.has_perm("cases.add_case"),
        "drafts": Activity.objects.for_user(user).filter(status=ActivityStatus.DRAFT)
        .select_related("workroom", "form")[:20],
        "to_route": cases.filter(state=CaseState.REGISTERED).count(),
        "open_count": cases.open().count(),
        "overdue_count": cases.overdue(today).count(),
        "can_add": user.has_perm("cases.add_activity"),
    })


# --- activities ------------------------------------------------------------------------


@login_required
def activity_create(request, workroom_id):
    _require(request, "cases.add_activity")
    workroom = _scoped(Workroom, request, workroom_id, "town")
    return _activity_page(request, workroom, None)


@login_required
def activity_edit(request, pk):
    _require(request, "cases.change_activity")
    activity = _scoped(Activity, request, pk, "workroom__town")
    return _activity_page(request, activity.workroom, activity)


def _activity_page(request, workroom, activity):
    """Save draft keeps whatever is filled; 已举行 asks for the rest. On an error the
    bound form comes back with everything typed (photos must be chosen again)."""
    held = request.POST.get("submit") == "held" or bool(activity and not activity.is_draft)
    form = ActivityEditForm(
        request.POST or None, request.FILES or None, instance=activity, workroom=workroom,
        held=held,
    )
    if activity is None and request.method != "POST":
        _preselect_reception(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            saved, first_time = submit_once(
                None if activity else form.cleaned_data["once"], by=request.user,
                create=lambda: _save_activity(request, form, workroom, activity, held),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if not first_time:
                messages.info(request, ALREADY_SUBMITTED)
            else:
                messages.success(request, _("已标记为已举行，到场委员的履职记录已生成。")
                                 if saved.status == ActivityStatus.HELD else _("草稿已保存。"))
            return redirect("cases:activity", pk=saved.pk)
    return render(request, "cases/activity_form.html", {
        "form": form, "workroom": workroom, "activity": activity,
    })


def _preselect_reception(request, form) -> None:
    """A new record starts from the reception the start page's button names (?reception=)
    or else from today's; one already recorded is left alone (one reception, one record)."""
    listed = form.fields["reception"].queryset  # this workroom's only
    wanted = request.GET.get("reception", "")
    if wanted.isdecimal() and len(wanted) < 10:
        reception = listed.filter(pk=wanted).first()
    else:
        reception = listed.filter(date=timezone.localdate()).not_cancelled().first()
    if reception is not None and not reception.activities.exists():
        form.preselect(reception)


def _save_activity(request, form, workroom, activity, held) -> Activity:
    fields = {name: form.cleaned_data.get(name) for name in ACTIVITY_FIELDS}
    with transaction.atomic():
        saved = activity_save(
            workroom=workroom, by=request.user, fields=fields, activity=activity,
            members=form.cleaned_data["members_present"], photos=form.cleaned_data["photos"],
        )
        if held:
            saved = activity_mark_held(activity=saved, by=request.user)
    return saved


@sensitive_variables("visitors", "shown")
@login_required
def activity_detail(request, pk):
    activity = _scoped(Activity, request, pk, "workroom__town", "recorded_by")
    visitors = list(activity.visitors.for_user(request.user).select_related("activity__workroom"))
    cases = list(
        Case.objects.for_user(request.user).not_voided().filter(activity=activity)
        .select_related("topic", "town", "department")
    )
    for case in cases:  # the cases still to route: each route page is one tap away
        case.quick_actions = [
            (action, Action(action).label) for action in allowed_actions(case, request.user)
        ] if case.state == CaseState.REGISTERED else []
    shown = visitors_shown(user=request.user, visitors=visitors, purpose=_("活动详情页"))
    return render(request, "cases/activity_detail.html", {
        "activity": activity, "visitors": [(shown[v.pk], [c for c in cases if c.visitor_id == v.pk])
                                          for v in visitors],
        "anonymous_cases": [c for c in cases if c.visitor_id is None],
        "members": activity.members_present.all(), "photos": activity.photos.all(),
        "can_change": request.user.has_perm("cases.change_activity"),
        "can_add_case": request.user.has_perm("cases.add_case"),
    })


@require_POST
@login_required
def activity_held(request, pk):
    _require(request, "cases.change_activity")
    activity = _scoped(Activity, request, pk)
    try:
        activity_mark_held(activity=activity, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已标记为已举行，到场委员的履职记录已生成。"))
    return redirect("cases:activity", pk=activity.pk)


# --- visitors and cases ----------------------------------------------------------------


@sensitive_post_parameters("visitor-name", "visitor-phone", "visitor-address")
@sensitive_variables("data", "visitor_form")  # the public's personal data: never in an error report
@login_required
def visitor_add(request, pk):
    """One visitor and each matter they raised; another case row comes by htmx."""
    _require(request, "cases.add_case")
    activity = _scoped(Activity, request, pk, "workroom__town")
    workroom, data = activity.workroom, request.POST or None
    if data is not None and "add_row" in data:  # without JavaScript: one more row
        data = _with_extra_row(data, workroom)
    visitor_form = VisitorForm(data, prefix="visitor")
    formset = CaseFormSet(data, prefix="cases", form_kwargs=_case_form_kwargs(request, workroom))
    submitted = data is not None and "add_row" not in data
    if submitted and visitor_form.is_valid() and formset.is_valid():
        try:
            cases, first_time = submit_once(
                visitor_form.cleaned_data["once"], by=request.user,
                create=lambda: visitor_register(
                    activity=activity, by=request.user, visitor=visitor_form.visitor_fields(),
                    cases=[f.registration() for f in formset if f.cleaned_data],
                ),
                result=lambda cases: cases[0],
            )
        except ValidationError as exc:
            visitor_form.add_error(None, exc)
        else:
            if not first_time:
                messages.info(request, ALREADY_SUBMITTED)
                return redirect("cases:activity", pk=activity.pk)
            messages.success(request, _registered_message(cases))
            messages.info(request, _receipts_message(cases))
            offered = _offer_duplicates(request, cases)
            if offered:
                return offered
            if "another" in data:
                return redirect("cases:visitor_add", pk=activity.pk)
            return redirect("cases:activity", pk=activity.pk)
    return render(request, "cases/visitor_form.html", {
        "activity": activity, "visitor_form": visitor_form, "formset": formset,
    })


def _offer_duplicates(request, cases):
    """可能与以下诉求相同: the first new case that may duplicate an open one opens on its
    page, where staff who may merge do it in one tap (None: nothing to offer)."""
    if not request.user.has_perm("cases.merge_case"):
        return None
    offered = duplicate_candidates(cases, request.user)
    first = next((case for case in cases if offered.get(case.pk)), None)
    if first is None:
        return None
    messages.warning(request, _("诉求 #%(pk)s 可能与已登记的诉求相同，请核对后决定是否合并办理。")
                     % {"pk": first.pk})
    return redirect(reverse("cases:case", args=[first.pk]) + "#duplicates")


def _case_form_kwargs(request, workroom) -> dict:
    return {"workroom": workroom, "can_route": request.user.has_perm("cases.route_case")}


def _receipts_message(cases) -> str:
    """The receipt numbers to tell the resident now, and the slip to print for them."""
    return format_html(
        "{}{} <a href=\"{}\">{}</a>", _("回执编号："),
        format_html_join("、", "{}", ((receipt_display(c.receipt_no),) for c in cases)),
        reverse("cases:receipt", args=[cases[0].pk]), _("打印回执"),
    )


def _registered_message(cases) -> str:
    settled = sum(case.state != CaseState.REGISTERED for case in cases)
    if not settled:
        return _("已登记%(n)s项诉求。") % {"n": len(cases)}
    return _("已登记%(n)s项诉求，其中%(settled)s项已当场办理（当场答复或不予受理）。") % {
        "n": len(cases), "settled": settled,
    }


def _with_extra_row(post, workroom):
    data = post.copy()
    total = data.get("cases-TOTAL_FORMS", "")
    count = int(total) if total.isascii() and total.isdigit() and len(total) < 3 else 1
    data["cases-TOTAL_FORMS"] = str(min(count + 1, 20))
    data[f"cases-{count}-town"] = str(workroom.town_id)
    data[f"cases-{count}-community"] = workroom.community
    return data


@login_required
def case_row(request, pk):
    """htmx: one more empty case row, and the formset's new total (out of band)."""
    _require(request, "cases.add_case")
    activity = _scoped(Activity, request, pk, "workroom__town")
    try:
        index = int(request.GET.get("cases-TOTAL_FORMS", "1"))
    except ValueError as exc:
        raise Http404 from exc
    if not 0 < index < 20:
        raise Http404
    form = CaseForm(prefix=f"cases-{index}", **_case_form_kwargs(request, activity.workroom))
    return render(request, "cases/_case_row.html", {
        "form": form, "index": index, "total": index + 1, "oob": True,
    })


@sensitive_variables("case", "shown")
@login_required
def case_detail(request, pk):
    case = _scoped(
        Case, request, pk, "topic", "town", "department", "handler", "duty_record",
        "activity__workroom__town", "visitor__activity__workroom",
    )
    shown = None
    if case.visitor:
        shown = visitors_shown(
            user=request.user, visitors=[case.visitor], purpose=_("诉求详情页"), case=case
        )[case.visitor.pk]
    may_merge = request.user.has_perm("cases.merge_case")
    return render(request, "cases/case_detail.html", {
        "case": case, "visitor": shown, "may_merge": may_merge,
        "candidates": duplicate_candidates([case], request.user).get(case.pk, [])
        if may_merge and case.is_open and not case.duplicates.exists() else [],
        "merged_into": case.merged_into and Case.objects.for_user(request.user).filter(
            pk=case.merged_into_id).select_related("topic").first(),
        "duplicates": Case.objects.for_user(request.user).filter(merged_into=case)
        .select_related("topic", "activity__workroom").order_by("raised_on", "pk"),
        "steps": case.steps.select_related("by", "handler", "department"),
        "actions": [(a, Action(a).label) for a in allowed_actions(case, request.user)],
        "clusters": case.clusters.select_related("topic", "town", "district"),
        "overdue": case.is_overdue(timezone.localdate()),
        "members": case.members.all() or case.activity.members_present.all(),
        "callbacks": case.callbacks.select_related("recorded_by"),
        "may_record_callback": _callback_refusal(case, request.user) is None,
    })


@login_required
def case_receipt(request, pk):
    """The receipt slip, on the clerk's phone screen or printed: the receipt number of each
    request the resident raised at that visit, the workroom, the date, the topic and how to
    look the request up (the public page's address and its QR code). Nobody's personal
    data, and not the request's text: the slip is handed over and may be lost."""
    _require(request, "cases.view_case")
    case = _scoped(Case, request, pk, "activity__workroom")
    cases = [case]
    if case.visitor_id:
        cases = list(Case.objects.for_user(request.user).not_voided().filter(
            visitor_id=case.visitor_id
        ).select_related("topic", "activity__workroom").order_by("pk")) or cases
    url = status_url()
    return render(request, "cases/receipt.html", {
        "case": case, "cases": cases, "status_url": url, "qr": qr_svg(url),
    })


@login_required
def case_route_view(request, pk, action):
    """One move on its own page. Opened from the activity's list (?back=activity), it
    returns there, so routing the day's cases is one page each."""
    if action not in ROUTE_FIELDS:
        raise Http404
    case = _scoped(Case, request, pk, "town", "activity__workroom")
    back = (reverse("cases:activity", args=[case.activity_id])
            if request.GET.get("back") == "activity" else reverse("cases:case", args=[case.pk]))
    refusal = route_refusal(case, action, request.user)
    templates = list(ReplyTemplate.objects.for_case(case).select_related("topic")
                     if action in TEMPLATE_FIELD and not refusal else [])
    form = None if refusal else RouteForm(
        request.POST if request.method == "POST" else None, case=case, action=action,
        by=request.user, initial=_picked_template(request, action, templates),
    )
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.route_data()
        try:
            case_route(case=case, action=action, by=request.user, note=data.pop("note", ""), **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已办理：%(action)s。") % {"action": Action(action).label})
            return redirect(back)
    return render(request, "cases/case_route.html", {
        "case": case, "action": action, "action_label": Action(action).label,
        "form": form, "refusal": refusal, "back": back, "templates": templates,
        "template_field": TEMPLATE_FIELD.get(action), "back_query": request.GET.get("back", ""),
    })


def _picked_template(request, action, templates) -> dict:
    """常用答复: ?template=<pk> fills the move's text with that answer, still editable (the
    picker's links; htmx swaps only the text box)."""
    wanted = request.GET.get("template", "")
    picked = next((t for t in templates if str(t.pk) == wanted), None)
    return {TEMPLATE_FIELD[action]: picked.text} if picked else {}


# --- the callback after a closing (cases.callbacks) ------------------------------------


def _callback_refusal(case, user) -> str | None:
    """Why `user` cannot record this closing's callback now, in Chinese; None when they may."""
    if not user.has_perm("cases.record_callback"):
        return _("您无权记录回访。")
    if case.state != CaseState.CLOSED or case.voided_at is not None:
        return _("该诉求当前不是“已办结”，无需回访。")
    if case.callbacks.filter(round=case.reopen_count).exists():
        return _("这次办结的回访已有结果（答复一经记录不能修改）。")
    return None


@login_required
def case_callback(request, pk):
    """Staff record the callback they made by phone or in person (who: the user; when)."""
    _require(request, "cases.record_callback")
    case = _scoped(Case, request, pk, "topic", "activity__workroom")
    refusal = _callback_refusal(case, request.user)
    form = None if refusal else CallbackForm(request.POST or None)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            answer = callback_record(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _answer_message(answer, staff=True))
            return redirect("cases:case", pk=case.pk)
    return render(request, "cases/callback_form.html", {
        "case": case, "form": form, "refusal": refusal,
    }, status=400 if form is not None and form.errors else 200)


def _answer_message(answer, *, staff: bool) -> str:
    if answer.reopened:
        return (_("回访结果已记录。群众反映问题未解决或不满意，诉求已退回原承办人重办。") if staff
                else _("感谢您的答复！您反映的问题将重新办理，办理结果会再次告知您。"))
    if answer.window_passed:
        days = RoutingSetting.objects.value(SettingKey.REOPEN_WINDOW_DAYS)
        return _("答复已记录。因已超过办结后%(days)s天的重办期限，本次不自动重办；"
                 "如问题仍未解决，请联系所在镇（街）或委员工作室。") % {"days": days}
    return _("回访结果已记录。") if staff else _("感谢您的答复！")


def callback_answer(request, token):
    """The resident's answer from the SMS link: no login, phone first (a signed token)."""
    try:
        case = callback_case_for_token(token)
    except ValidationError as exc:
        status = 404 if exc.code == "invalid" else 200
        return render(request, "cases/callback_answer.html", {"closed": exc.messages[0]},
                      status=status)
    form = CallbackAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer = callback_record(case=case, channel=CallbackChannel.SMS, **form.cleaned_data)
        except ValidationError as exc:
            return render(request, "cases/callback_answer.html", {"closed": exc.messages[0]})
        return render(request, "cases/callback_answer.html", {
            "done": _answer_message(answer, staff=False)})
    return render(request, "cases/callback_answer.html", {
        "case": case, "form": form, "deadline": callback_deadline(case),
        "outcome": plain_outcome(case),  # the link may be forwarded: numbers masked
    }, status=400 if form.errors else 200)


# --- staff lists -----------------------------------------------------------------------


def _case_rows(queryset):
    return queryset.select_related("topic", "town", "activity__workroom", "handler", "department")


@login_required
def case_list(request):
    cases = _case_rows(Case.objects.for_user(request.user).not_voided())
    state, route, topic = (request.GET.get(k, "") for k in ("state", "route", "topic"))
    query = request.GET.get("q", "").strip()
    if state in CaseState.values:
        cases = cases.filter(state=state)
    if route in Route.values:
        cases = cases.filter(route=route)
    if topic.isdigit():
        cases = cases.filter(topic_id=topic)
    if request.GET.get("reopened") == "1":
        cases = cases.filter(reopen_count__gt=0)
    if receipt_normalize(query):  # a resident asking at the workroom reads their receipt
        cases = cases.filter(receipt_no=receipt_normalize(query))
    elif query:
        cases = cases.filter(Q(content__icontains=query) | Q(topic__name__icontains=query))
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(request, "cases/case_list.html", {
        "page": page, "title": _("群众诉求"), "today": timezone.localdate(),
        "states": CaseState.choices, "routes": Route.choices,
        "topics": Topic.objects.all(), "filters": request.GET,
    })


@login_required
def overdue_list(request):
    today = timezone.localdate()
    cases = _case_rows(Case.objects.for_user(request.user).overdue(today)).order_by("due_date")
    return render(request, "cases/case_list.html", {
        "page": Paginator(cases, 50).get_page(request.GET.get("page")),
        "title": _("超期未办的诉求"), "today": today, "overdue_view": True,
    })


@login_required
def cluster_list(request):
    """集中反映 with their cases (only the cases the user may see are listed)."""
    scoped_cases = (Case.objects.for_user(request.user).not_voided()
                    .select_related("town", "activity__workroom"))
    clusters = (
        Cluster.objects.for_user(request.user).select_related("topic", "town", "district")
        .prefetch_related(Prefetch("cases", queryset=scoped_cases, to_attr="visible_cases"))
    )
    clusters = clusters.select_related("consultation_topic")
    page = Paginator(clusters, 30).get_page(request.GET.get("page"))
    return render(request, "cases/cluster_list.html", {"page": page})


@login_required
def consultation_topic_create(request, pk):
    """举措 四（三）: put a cluster's widespread problem forward as a consultation topic, beside
    the members' proposals of 规范 第十三条（四）."""
    _require(request, "cases.add_consultationtopic")
    cluster = _scoped(Cluster, request, pk, "topic", "town", "district")
    form = ConsultationTopicForm(request.POST or None, initial={
        "title": _("关于%(place)s%(topic)s问题的协商议题") % {
            "place": cluster.place, "topic": cluster.topic.name},
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _topic, first_time = submit_once(data["once"], by=request.user, create=lambda: (
                consultation_topic_propose(cluster=cluster, title=data["title"],
                                           reason=data["reason"], by=request.user)
            ))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("已提出协商议题建议，区政协处理后将通知您。")
                             if first_time else ALREADY_SUBMITTED)
            return redirect("cases:clusters")
    return render(request, "cases/consultation_topic_form.html", {
        "form": form, "cluster": cluster,
    }, status=400 if request.method == "POST" else 200)


# --- the ledger --------------------------------------------------------------------------

EXPORTS = {
    "xlsx": (ledger_xlsx, "xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (ledger_pdf, "pdf", "application/pdf"),
}


@sensitive_variables("book")
@login_required
def ledger(request, workroom_id):
    """台账 (规范 第十四条) of one workroom, by date; ?format=xlsx or pdf downloads it."""
    _require(request, "cases.view_activity")
    workroom = _scoped(Workroom, request, workroom_id, "town")
    form = LedgerFilterForm(request.GET or None)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    export = EXPORTS.get(request.GET.get("format", ""))
    if export:
        build, suffix, content_type = export
        book = ledger_build(workroom=workroom, user=request.user, start=start, end=end,
                            purpose=_("台账导出（%s）") % suffix)
        try:
            response = HttpResponse(build(book), content_type=content_type)
        except RenderTimeout as exc:
            messages.error(request, _(
                "台账内容较多，PDF 未能在%(seconds)s秒内生成，已停止。"
                "请缩小统计时段后分段导出，或下载 Excel 表格。"
            ) % {"seconds": exc.seconds})
            query = request.GET.copy()
            query.pop("format", None)
            return redirect(f"{request.path}?{query.urlencode()}")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{workroom.name}台账.{suffix}"
        )
        audit_record(kind=EventKind.EXPORT, request=request, obj=workroom, detail={
            "name": f"台账.{suffix}", "query": request.GET.urlencode()[:500],
        })  # every export is in the audit trail
        return response
    # The page: totals of the whole period, the activities a page at a time (the full
    # ledger is the export). Its cost no longer grows with the years kept (bench/README.md).
    book, page = ledger_page(workroom=workroom, user=request.user, start=start, end=end,
                             page=request.GET.get("page"), purpose=_("台账页面"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/ledger.html", {
        "ledger": book, "page": page, "form": form, "workroom": workroom,
        "activities": activity_lines(book), "cases": case_lines(book),
        "totals": ledger_totals(workroom=workroom, user=request.user, start=start, end=end),
        "query": query.urlencode(),
    })
