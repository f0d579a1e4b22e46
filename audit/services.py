"""The audit trail's one writer (`audit_record`) and the helpers other apps call.

Record what happened, who, from where and on which object; never the personal data
itself (no phone numbers or addresses in `detail`).
"""

from __future__ import annotations

import functools
import ipaddress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import DeletedObject
from simple_history.utils import get_m2m_reverse_field_name

from privacy.fields import EncryptedTextField
from privacy.masking import mask_address, mask_name, mask_phone

from .choices import EventKind
from .models import AuditEvent
from .triggers import MIN_RETENTION_DAYS


def events_since(kind: str, *, within: timedelta, now: datetime | None = None):
    """The events of one kind in the last `within`: what the rate limits count (the status
    page's lookups, the exchange's calls), the same for every web worker without a cache."""
    return AuditEvent.objects.filter(kind=kind, at__gt=(now or timezone.now()) - within)


def audit_record(
    *,
    kind: str,
    request=None,
    user=None,
    obj: models.Model | None = None,
    detail: dict | None = None,
    username: str = "",
) -> AuditEvent:
    """Write one audit event. `user` defaults to the request's authenticated user."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEvent.objects.create(
        kind=kind,
        user=user,
        username=(user.get_username() if user else username)[:150],
        ip_address=client_ip(request),
        path=(request.path[:500] if request is not None else ""),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        detail=detail or {},
    )


def client_ip(request) -> str | None:
    """The client's address: the one function deciding it, for the audit trail and for
    django-axes' locks (AXES_CLIENT_IP_CALLABLE).

    Without a proxy (TRUSTED_PROXY_COUNT = 0) it is REMOTE_ADDR. Behind N trusted reverse
    proxies it is the N-th entry from the right of X-Forwarded-For: each proxy appends the
    address it was reached from, so anything further left was written by the client and
    proves nothing. A request with fewer entries did not come through the proxies: its
    REMOTE_ADDR is the client.
    """
    if request is None:
        return None
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= count:
            try:
                return str(ipaddress.ip_address(forwarded[-count].strip()))
            except ValueError:
                pass  # not an address our proxy would write: fall back to the peer
    return request.META.get("REMOTE_ADDR") or None


def audited_download(kind: str = EventKind.DOWNLOAD, name: str = ""):
    """Decorate a view that returns a file: each successful response is one audit event.

        @audited_download(EventKind.EXPORT, "区年度总结.xlsx")
        def district_summary_xlsx(request, year): ...
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                audit_record(kind=kind, request=request, detail=_download_detail(
                    name or view.__name__, kwargs, request,
                ))
            return response

        return wrapper

    return decorate


def _download_detail(name: str, kwargs: dict, request) -> dict:
    detail = {"name": name}
    if kwargs:
        detail["args"] = {key: str(value) for key, value in kwargs.items()}
    if request.GET:
        detail["query"] = request.GET.urlencode()[:500]
    return detail


def retention_days() -> int:
    days = getattr(settings, "AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)
    if days < MIN_RETENTION_DAYS:
        raise ValueError(f"AUDIT_RETENTION_DAYS 不得少于 {MIN_RETENTION_DAYS} 天。")
    return days


@transaction.atomic
def audit_events_purge(*, now=None) -> int:
    """Delete events older than the retention period; the purge is recorded in the same
    transaction, so no events go without the record that says so."""
    days = retention_days()
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted = AuditEvent.objects.purge_older_than(cutoff)
    audit_record(
        kind=EventKind.PURGE, username="celery",
        detail={"deleted": deleted, "before": cutoff.isoformat(), "retention_days": days},
    )
    return deleted


@dataclass
class RecordChange:
    """One row of a model's history (simple-history) as the auditor reads it."""

    at: object
    username: str
    model: str
    object_id: str
    object_repr: str
    action: str
    changes: list = field(default_factory=list)  # (field label, before, after)


HISTORY_ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}


def tracked_models() -> list:
    """Every model whose changes simple-history keeps (Member, Workroom, Reception, User…)."""
    from simple_history.models import registered_models

    models_ = [m for m in registered_models.values()
               if hasattr(m._meta, "simple_history_manager_attribute")]
    return sorted(models_, key=lambda m: m._meta.label_lower)


def record_changes(
    *, username: str = "", date_from=None, date_to=None, model_label: str = "", limit: int = 200,
) -> list[RecordChange]:
    """The latest changes to records across models, each with its before and after."""
    records = []
    for model in tracked_models():
        if model_label and model._meta.label_lower != model_label:
            continue
        history = getattr(model, model._meta.simple_history_manager_attribute)
        qs = history.all().select_related("history_user").order_by("-history_date")
        if username:
            qs = qs.filter(history_user__username__icontains=username)
        if date_from:
            qs = qs.filter(history_date__date__gte=date_from)
        if date_to:
            qs = qs.filter(history_date__date__lte=date_to)
        records.extend(qs[:limit])
    records.sort(key=lambda r: r.history_date, reverse=True)
    return [_as_change(record) for record in records[:limit]]


def _as_change(record) -> RecordChange:
    model = record.instance_type
    user = getattr(record, "history_user", None)
    change = RecordChange(
        at=record.history_date, username=user.get_username() if user else "",
        model=str(model._meta.verbose_name), object_id=str(getattr(record, model._meta.pk.attname)),
        object_repr=_repr(record),
        action=HISTORY_ACTIONS.get(record.history_type, record.history_type),
    )
    previous = record.prev_record if record.history_type == "~" else None
    if previous is not None:
        for diff in record.diff_against(previous).changes:
            label = str(model._meta.get_field(diff.field).verbose_name)
            change.changes.append(
                (label, _shown(model, diff.field, diff.old), _shown(model, diff.field, diff.new))
            )
    return change


# Models whose rows are people of the public (personal data): their names are masked too.
PUBLIC_PEOPLE = {"cases.visitor", "members.constituent"}


def _repr(record) -> str:
    try:
        text = str(record.instance)[:200]
    except ObjectDoesNotExist:  # a __str__ that reads a row deleted since
        return ""
    return mask_name(text) if record.instance_type._meta.label_lower in PUBLIC_PEOPLE else text


def value_text(model_field, value) -> str:
    """How a value reads in a record's history, here and in the admin's history pages: a
    choice by its label, 是/否, a time in Beijing time to the second, 无 for no value."""
    if value is None:
        return _("无")
    if isinstance(value, DeletedObject):
        return _("已删除的%(name)s（编号 %(pk)s）") % {
            "name": value.model._meta.verbose_name, "pk": value.pk}
    if isinstance(value, list):  # many-to-many: the related rows
        return "、".join(_related_text(model_field, row) for row in value) or _("无")
    if model_field is not None and model_field.choices and not isinstance(value, list | dict):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _related_text(model_field, row) -> str:
    """One row of a many-to-many change: the related record's name (simple-history keeps
    the through row's ids)."""
    if not isinstance(row, dict) or model_field is None or not model_field.many_to_many:
        return value_text(None, row)
    pk = row.get(get_m2m_reverse_field_name(model_field))
    related = model_field.related_model._default_manager.filter(pk=pk).first()
    return str(related) if related is not None else f"#{pk}"


def _shown(model, field_name: str, value) -> str:
    """Personal data stays masked even here: the auditor sees that a phone number, a
    visitor's address or a constituent's name changed, not what it is."""
    if value is None:
        return _("无")
    text = value_text(model._meta.get_field(field_name), value)
    public = model._meta.label_lower in PUBLIC_PEOPLE
    encrypted = isinstance(model._meta.get_field(field_name), EncryptedTextField)
    if "phone" in field_name:
        return mask_phone(text)
    if (public or encrypted) and "address" in field_name:
        return mask_address(text)
    if public and field_name == "name":
        return mask_name(text)
    return ("****" if text else "") if encrypted else text


@transaction.atomic
def records_void(*, rows: models.QuerySet, by, reason: str, request=None) -> int:
    """Void records entered in error (a duplicate, a test, the wrong workroom or member).
    Cases and duty records are never deleted: the ledger keeps them (规范 第十四条) with
    their history, shown as voided in the admin, and a voided record counts nowhere (no
    list, report or quota; no points). Each voiding is an audit event with its reason.
    Rows outside `by`'s scope, or voided already, are left as they were. `by` needs the
    model's "void" permission. A row that says why it may not be voided (`void_refusal()`,
    e.g. a case other requests were merged into) stops the whole voiding, with that reason.
    Returns how many were voided."""
    reason = (reason or "").strip()[:200]
    if not reason:
        raise ValidationError(_("请填写作废原因。"))
    model = rows.model
    if not by.has_perm(f"{model._meta.app_label}.void_{model._meta.model_name}"):
        raise PermissionDenied
    ids = list(rows.values_list("pk", flat=True))
    voided = 0
    for row in (model.objects.for_user(by).select_for_update(of=("self",))
                .filter(pk__in=ids, voided_at=None).order_by("pk")):
        refusal = row.void_refusal() if hasattr(row, "void_refusal") else None
        if refusal:
            raise ValidationError(_("%(row)s：%(refusal)s") % {"row": row, "refusal": refusal})
        row.voided_at, row.voided_by, row.void_reason = timezone.now(), by, reason
        row._history_user, row._change_reason = by, _("作废：%s") % reason[:90]
        row.save(update_fields=["voided_at", "voided_by", "void_reason"])
        audit_record(kind=EventKind.VOID, request=request, user=by, obj=row,
                     detail={"reason": reason})
        voided += 1
    return voided
