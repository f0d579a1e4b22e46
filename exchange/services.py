"""Workflows of the work-order exchange: API keys, rate, a work order pulled in as a case,
a case read as an Open311 service request, and its outcome pushed back.

The views (exchange.views), the admin and the Celery tasks call these.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import math
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import EventKind
from audit.services import events_since
from cases.choices import ActivityStatus
from cases.models import Case
from cases.services import activity_save, case_link, visitor_register
from core.queueing import queue_after_commit
from notices.services import notify
from regions.models import Town
from workrooms.models import Workroom

from .choices import PushStatus
from .models import ApiClient, IntakeDay, OutcomePush, ServiceMapping, WorkOrder

log = logging.getLogger(__name__)

# ----------------------------------------------------------------------------- API keys

PREFIX_BYTES = 4  # the key's public part, 8 hex digits: finds the row, proves nothing


def key_digest(key: str) -> str:
    """SHA-256 of the whole key. The key is 256 random bits, so a fast digest is enough: no
    one can guess a key from it (a slow password hash defends short, human-chosen ones)."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_client_new_key(*, client: ApiClient) -> tuple[str, str]:
    """Give the client a new key and a new signing secret, and return both: the only time
    anyone sees them. The old key stops working at once."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    key = f"{prefix}.{secrets.token_urlsafe(32)}"
    secret = secrets.token_urlsafe(32)
    client.key_prefix, client.key_digest = prefix, key_digest(key)
    client.push_secret, client.key_set_at = secret, timezone.now()
    client.save()
    return key, secret


@transaction.atomic
def api_client_create(
    *, name: str, district=None, rate_per_minute: int = 60, callback_url: str = "", by=None,
) -> tuple[ApiClient, str, str]:
    """A new client with its key and signing secret (shown once)."""
    client = ApiClient(name=name, district=district, rate_per_minute=rate_per_minute,
                       callback_url=callback_url, created_by=by)
    client.full_clean(exclude=["key_prefix", "key_digest", "push_secret"])
    key, secret = api_client_new_key(client=client)
    return client, key, secret


def api_client_for_key(key: str) -> ApiClient | None:
    """The active client whose key this is, or None (no hint which part was wrong)."""
    prefix, dot, _rest = (key or "").partition(".")
    if not dot or len(key) > 100 or len(prefix) != PREFIX_BYTES * 2:
        return None
    client = ApiClient.objects.filter(key_prefix=prefix, active=True).first()
    if client is None or not hmac.compare_digest(client.key_digest, key_digest(key)):
        return None
    return client


def rate_wait(client: ApiClient, now: dt.datetime | None = None) -> int:
    """Seconds the client must wait before its next call: 0 while it has made fewer than its
    limit in the last minute. Counted from the audit trail (every answered call is an event),
    so every web worker sees the same count without a shared cache."""
    now = now or timezone.now()
    recent = events_since(EventKind.API_CALL, within=dt.timedelta(seconds=60), now=now).filter(
        object_type=ApiClient._meta.label_lower, object_id=str(client.pk),
    )
    if recent.count() < client.rate_per_minute:
        return 0
    oldest = recent.order_by("at").values_list("at", flat=True).first()
    return max(1, math.ceil(60 - (now - oldest).total_seconds()))


# ------------------------------------------------------------- a work order pulled in


@dataclass
class Order:
    """What a submitted work order says, checked (exchange.views parses the form)."""

    external_id: str
    service: ServiceMapping
    description: str
    workroom: Workroom
    town: Town
    address: str = ""
    lat: object = None
    long: object = None
    name: str = ""
    phone: str = ""


def work_order_find(*, client: ApiClient, external_id: str) -> WorkOrder | None:
    return WorkOrder.objects.filter(client=client, external_id=external_id).first()


def work_order_receive(*, client: ApiClient, order: Order,
                       today: dt.date | None = None) -> tuple[WorkOrder, bool]:
    """Register the work order as a case in the workroom's ledger, through the same service
    a clerk's form uses, with the clerk as its handler (routed as usual, 规范 第十三条).
    (work order, created): a retried submission of the same order number finds the first
    one, even when the two arrive together (the unique order number decides)."""
    found = work_order_find(client=client, external_id=order.external_id)
    if found is not None:
        return found, False
    try:
        return _receive(client, order, today or timezone.localdate()), True
    except IntegrityError:
        found = work_order_find(client=client, external_id=order.external_id)
        if found is None:
            raise
        return found, False


@transaction.atomic
def _receive(client: ApiClient, order: Order, today: dt.date) -> WorkOrder:
    activity = intake_activity(workroom=order.workroom, day=today)
    person = {"name": order.name, "phone": order.phone} if order.name or order.phone else None
    case, = visitor_register(activity=activity, by=None, visitor=person, today=today, cases=[{
        "topic": order.service.topic, "town": order.town, "content": order.description,
    }])
    work_order = WorkOrder.objects.create(
        client=client, external_id=order.external_id, case=case, service=order.service,
        address=order.address, lat=order.lat, long=order.long,
    )
    if order.workroom.clerk_id:
        notify(
            people=[order.workroom.clerk], key=f"work-order:{work_order.pk}:received",
            subject=_("12345热线转来一件群众诉求"),
            body=_("12345热线工单%(no)s（%(service)s）已登记为%(room)s的群众诉求 #%(pk)s，"
                   "请选择办理途径。") % {
                "no": order.external_id, "service": order.service.name,
                "room": order.workroom.name, "pk": case.pk},
            link=case_link(case),
        )
    return work_order


INTAKE_SUMMARY = "12345热线转办工单（系统登记，无委员到场，不计入委员进社区次数）"


def intake_activity(*, workroom: Workroom, day: dt.date):
    """The workroom's draft activity of the day that holds its work orders (规范 第十四条:
    the ledger keeps every request), created at the first order of the day."""
    found = IntakeDay.objects.filter(workroom=workroom, date=day).select_related("activity")
    if found:
        return found[0].activity
    activity = activity_save(workroom=workroom, by=None, members=[], fields={
        "date": day, "summary": INTAKE_SUMMARY, "status": ActivityStatus.DRAFT,
    })
    try:
        with transaction.atomic():
            IntakeDay.objects.create(workroom=workroom, date=day, activity=activity)
    except IntegrityError:  # another order of the day got there first: theirs is the one
        activity.delete()
        return IntakeDay.objects.get(workroom=workroom, date=day).activity
    return activity


# ------------------------------------------------------------ a case as Open311 reads it

SERVICE_NOTICE = "已转工作室登记，按《广州市各级政协委员进社区工作规范》第十三条分办。"


def local_iso(moment: dt.datetime | None) -> str | None:
    """ISO 8601 with the offset, as Open311 asks (2026-12-07T17:40:00+08:00)."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def end_of_day(day: dt.date | None) -> str | None:
    if day is None:
        return None
    moment = dt.datetime.combine(day, dt.time(23, 59, 59))
    return local_iso(timezone.make_aware(moment))


def status_notes(case: Case) -> str:
    if case.voided_at is not None:
        return _("登记有误，已作废：%(reason)s") % {"reason": case.void_reason}
    if case.is_open:
        return case.get_state_display()
    return case.outcome or case.get_state_display()


def agency_responsible(case: Case) -> str:
    """Who has the matter now: the department it went to, or else the workroom."""
    if case.department_id:
        return str(case.department)
    workroom = case.activity.workroom
    return f"{workroom.town}{workroom.name}"


def request_json(order: WorkOrder) -> dict:
    """One service request in Open311 GeoReport v2's fields, plus the hotline's own order
    number (external_id). expected_datetime is the end of the current step's due date."""
    case = order.case
    step = case.current_step
    return {
        "service_request_id": str(case.pk),
        "external_id": order.external_id,
        "status": "open" if case.is_open else "closed",
        "status_notes": status_notes(case),
        "service_name": order.service.name,
        "service_code": order.service.code,
        "description": case.content,
        "agency_responsible": agency_responsible(case),
        "service_notice": SERVICE_NOTICE,
        "requested_datetime": local_iso(order.received_at),
        "updated_datetime": local_iso(step.at if step else order.received_at),
        "expected_datetime": end_of_day(case.due_date) if case.is_open else None,
        "address": order.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": float(order.lat) if order.lat is not None else None,
        "long": float(order.long) if order.long is not None else None,
        "media_url": None,
    }


def requests_of(orders) -> list[dict]:
    rows = orders.select_related(
        "service", "case__current_step", "case__department__district",
        "case__department__town", "case__activity__workroom__town__district",
    )
    return [request_json(order) for order in rows]


# --------------------------------------------------------------- the outcome pushed back

RETRY_DELAYS = [dt.timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]
REQUEUE_AFTER = dt.timedelta(minutes=5)  # a pending push whose task was lost
CLAIM_STALE_AFTER = dt.timedelta(minutes=5)  # longer than a send's time limit
PUSH_TIMEOUT = 10  # seconds for the receiver to answer
SWEEP_BATCH = 200


def outcome_push_queue(case: Case, **_signal) -> None:
    """When a case closes or is refused (cases.signals.case_closed): if it came from a
    client with a callback address, write the push row, and send it after the commit."""
    order = WorkOrder.objects.filter(case_id=case.pk).select_related("client").first()
    if order is None or not order.client.callback_url:
        return
    push, created = OutcomePush.objects.get_or_create(
        order=order, defaults={"retry_at": timezone.now() + REQUEUE_AFTER}
    )
    if created:
        from .tasks import send_outcome

        queue_after_commit(send_outcome, push.pk)


def outcome_payload(order: WorkOrder) -> bytes:
    return json.dumps(request_json(order), ensure_ascii=False).encode()


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """The outcome goes to the address staff set, not wherever the receiver points."""

    def redirect_request(self, *args, **kwargs):
        return None


def _post(url: str, body: bytes, headers: dict) -> int:
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with opener.open(request, timeout=PUSH_TIMEOUT) as response:
        return response.status


def outcome_push_send(*, push_id: int) -> str:
    """Send one pending outcome; what happened, in a word. Claimed before the call (a
    second delivery of the task sends nothing), the answer recorded after it. The receiver
    tells a repeat by X-Request-ID; the body is signed with the client's secret."""
    push = OutcomePush.objects.filter(pk=push_id, status=PushStatus.PENDING).select_related(
        "order__client").first()
    if push is None:
        return "not pending"
    claimed_at = timezone.now()
    claimed = OutcomePush.objects.filter(pk=push.pk, status=PushStatus.PENDING).update(
        status=PushStatus.SENDING, claimed_at=claimed_at, retry_at=None,
        attempts=F("attempts") + 1,
    )
    if claimed != 1:
        return "claimed elsewhere"
    client = push.order.client
    order = WorkOrder.objects.select_related("service", "case").get(pk=push.order_id)
    body = outcome_payload(order)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Request-ID": f"outcome-{push.pk}",
        "X-Open311-Signature": signature(client.push_secret, body),
    }
    mine = OutcomePush.objects.filter(pk=push.pk, claimed_at=claimed_at,
                                      status__in=[PushStatus.SENDING, PushStatus.CHECKING])
    try:
        _post(client.callback_url, body, headers)
    except SoftTimeLimitExceeded:
        raise  # stopped inside the call: whether it arrived is unknown, so it stays 回传中
    except (urllib.error.URLError, OSError, ValueError) as exc:
        delay = RETRY_DELAYS[push.attempts] if push.attempts < len(RETRY_DELAYS) else None
        mine.update(status=PushStatus.FAILED, error=_error_text(exc),
                    retry_at=timezone.now() + delay if delay else None)
        log.warning("outcome push %s failed (attempt %s): %s", push.pk, push.attempts + 1,
                    exc.__class__.__name__)
        return "failed"
    mine.update(status=PushStatus.SENT, sent_at=timezone.now(), error="")
    return "sent"


def _error_text(exc: Exception) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return _("接收方返回HTTP %(code)s") % {"code": exc.code}
    if isinstance(exc, TimeoutError):
        return _("连接超时")
    if isinstance(exc, ValueError):
        return _("回传地址无效")
    return _("无法连接接收方")


def pushes_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Every minute (config/celery.py): mark 待核实 the pushes whose worker died inside the
    call; queue again those due (failed, their backoff passed; pending, their task lost).
    Each is claimed by moving its next time on, so two sweeps queue it once."""
    from .tasks import send_outcome

    now = now or timezone.now()
    flagged = OutcomePush.objects.filter(
        status=PushStatus.SENDING, claimed_at__lt=now - CLAIM_STALE_AFTER
    ).update(status=PushStatus.CHECKING, error=_("回传中断，是否送达未知，请核实后重新回传"))
    due = list(
        OutcomePush.objects.filter(status__in=[PushStatus.PENDING, PushStatus.FAILED],
                                   retry_at__lte=now)
        .order_by("retry_at").values_list("pk", "retry_at")[:SWEEP_BATCH]
    )
    queued = 0
    for pk, retry_at in due:
        if OutcomePush.objects.filter(
            pk=pk, status__in=[PushStatus.PENDING, PushStatus.FAILED], retry_at=retry_at
        ).update(status=PushStatus.PENDING, retry_at=now + REQUEUE_AFTER) == 1:
            send_outcome.delay(pk)
            queued += 1
    return {"queued": queued, "checking": flagged}


def outcome_push_resend(*, push: OutcomePush) -> bool:
    """Staff send a failed or 待核实 outcome again, after the commit."""
    from .tasks import send_outcome

    resent = OutcomePush.objects.filter(
        pk=push.pk, status__in=[PushStatus.FAILED, PushStatus.CHECKING]
    ).update(status=PushStatus.PENDING, error="", retry_at=timezone.now() + REQUEUE_AFTER)
    if resent:
        queue_after_commit(send_outcome, push.pk)
    return resent == 1

