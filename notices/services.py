"""One notification layer: in-app inbox, e-mail through Django's mail settings, SMS
through a pluggable backend, 粤政易 text cards (wecom.client). Every message is a `Message`
row. Each person chooses the channels besides the inbox (`ChannelPreference`).

A message leaves only after the data it speaks of is committed: `notify` writes the rows in
the caller's transaction (the inbox row is the delivery itself), and once that transaction
commits each e-mail and SMS is sent by its own task (`message_send`), outside any
transaction or row lock. 粤政易 takes at most WECOM_PER_USER_PER_MINUTE cards a minute
for one person and drops the rest, so a card over that count waits (待发送, its retry time
the first free minute) instead of being sent. The send claims its row first (待发送 →
发送中, one conditional UPDATE, committed), so two workers never send one message. A worker
that dies between that claim and recording the gateway's answer leaves the row 发送中; the
sweeper marks it 待核实 for staff instead of sending it again, since nobody can know whether
the gateway took it.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import smtplib
from dataclasses import dataclass
from urllib.parse import urlencode

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from privacy.crypto import keyed_hash
from wecom.client import WeComClient, WeComError

from .choices import Channel, DeliveryStatus
from .models import ChannelPreference, Message
from .sms import SmsGatewayError, get_backend

log = logging.getLogger(__name__)

S = DeliveryStatus

# After the first failure, wait this long before each further attempt (the mail
# server or the SMS gateway may be down for a while); then give up.
RETRY_DELAYS = (
    dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30),
    dt.timedelta(hours=2), dt.timedelta(hours=6),
)
# A message still 待发送 this long after it was queued lost its task (the broker was down at
# commit, a worker died before claiming it): the sweeper queues it again.
REQUEUE_AFTER = dt.timedelta(minutes=5)
# One send is one gateway call: its task is killed after SEND_TIME_LIMIT seconds (above the
# gateway and SMTP timeouts, notices.checks). A claim older than that plus a margin belongs
# to a worker that died: the message is marked 待核实, not sent again.
SEND_TIME_LIMIT = 60
CLAIM_STALE_AFTER = dt.timedelta(seconds=SEND_TIME_LIMIT + 60)
SWEEP_BATCH = 500
INTERRUPTED = "发送中断：无法确认网关是否已收到，请核实后重发或标记为已送达。"


@dataclass(frozen=True)
class Recipient:
    name: str
    user: object | None = None
    email: str = ""
    phone: str = ""


def recipient_for(person) -> Recipient:
    """A User or a Member (members are reached through their login, e-mail and phone)."""
    if hasattr(person, "level"):  # a Member
        return Recipient(
            name=person.name, user=person.user, email=person.email, phone=person.phone
        )
    return Recipient(
        name=str(person), user=person, email=person.email, phone=getattr(person, "phone", "")
    )


def notify(
    *, people, key: str, subject: str, body: str, channels=tuple(Channel), link: str = ""
) -> list[Message]:
    """Tell each person, once per `key`, on every channel they can be reached by.

    `link` is the page of the record the message is about (a path of this site, e.g.
    ``reverse("cases:case", args=[pk])``): the inbox links the message to it.
    Returns the messages written now (none for a person already told of `key`). E-mails and
    SMS are queued when the caller's transaction commits, and never if it rolls back.
    """
    written = []
    recipients = [p if isinstance(p, Recipient) else recipient_for(p) for p in people]
    chosen = _preferences([to.user for to in recipients if to.user is not None])
    for to in recipients:
        for channel in channels:
            preference = chosen.get(to.user.pk) if to.user is not None else None
            if preference is not None and not preference.allows(channel):
                continue
            address = _address(to, channel)
            if address is None:
                continue
            message = _write_once(to, channel, address, key, subject, body, link)
            if message:
                written.append(message)
    outgoing = [m.pk for m in written if m.status == S.PENDING]
    if outgoing:
        # robust: a broker that is down at commit must not fail the request whose data is
        # already committed; the sweeper queues these messages later.
        transaction.on_commit(lambda: _queue(outgoing), robust=True)
    return written


def _preferences(users) -> dict[int, ChannelPreference]:
    ids = {user.pk for user in users}
    if not ids:
        return {}
    return {p.user_id: p for p in ChannelPreference.objects.filter(user_id__in=ids)}


def _address(to: Recipient, channel: str) -> str | None:
    if channel == Channel.INBOX:
        return "" if to.user is not None else None
    if channel == Channel.EMAIL:
        return to.email or None
    if channel == Channel.WECOM:
        if not settings.WECOM_MESSAGES or to.user is None:
            return None
        return getattr(to.user, "wecom_userid", None) or None
    return to.phone or None


def address_digest(address: str) -> str:
    """What finds a message by its address (the address itself is encrypted)."""
    return keyed_hash(address) if address else ""


def _write_once(to, channel, address, key, subject, body, link="") -> Message | None:
    now = timezone.now()
    inbox = channel == Channel.INBOX
    try:
        with transaction.atomic():
            return Message.objects.create(
                key=key, channel=channel, recipient=to.user, recipient_name=to.name,
                address=address, address_digest=address_digest(address), subject=subject,
                body=body, link=link, status=S.SENT if inbox else S.PENDING,
                sent_at=now if inbox else None, retry_at=None if inbox else now + REQUEUE_AFTER,
            )
    except IntegrityError:
        return None  # already told: a retry or a second run


def _queue(message_ids: list[int]) -> None:
    from .tasks import send_message

    for pk in message_ids:
        send_message.delay(pk)


# --------------------------------------------------------------------- sending one message


def message_send(*, message_id: int) -> str:
    """Send one 待发送 e-mail or SMS; what happened, in a word.

    Run outside any transaction: the claim commits before the gateway is called, and the
    answer is recorded after it. The claim is the last step before the call.
    """
    message = Message.objects.filter(pk=message_id, status=S.PENDING).first()
    if message is None:
        return "not pending"  # sent or being sent by another worker, or deleted meanwhile
    claimed_at = timezone.now()
    claimed = Message.objects.filter(pk=message.pk, status=S.PENDING).update(
        status=S.SENDING, claimed_at=claimed_at, retry_at=None, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return "claimed elsewhere"
    if message.channel == Channel.WECOM and (free_at := _wecom_free_at(message, claimed_at)):
        # Over 粤政易's count for this person this minute: not an attempt, it waits.
        Message.objects.filter(pk=message.pk, claimed_at=claimed_at, status=S.SENDING).update(
            status=S.PENDING, claimed_at=None, retry_at=free_at, attempts=F("attempts") - 1
        )
        return "deferred"
    attempt = message.attempts + 1
    try:
        _deliver(message)
    except SoftTimeLimitExceeded:
        raise  # stopped inside the call: whether it went is unknown, so it stays 发送中
    except Exception as exc:  # noqa: BLE001 - recorded; retried on the backoff schedule
        _record_failure(message, attempt, claimed_at, exc)
        return "failed"
    # Our answer is certain, so it stands even if the sweeper thought us dead meanwhile.
    Message.objects.filter(
        pk=message.pk, claimed_at=claimed_at, status__in=[S.SENDING, S.CHECKING]
    ).update(status=S.SENT, sent_at=timezone.now(), error="")
    return "sent"


def _deliver(message: Message) -> None:
    """One call to the gateway, carrying the message's id where the gateway takes one
    (the e-mail's Message-ID, Alibaba Cloud's OutId, the HTTP gateway's X-Request-ID), so
    a message that arrives twice is recognisable as one; 粤政易 itself shows the same card
    to the same person once within half an hour (wecom.client.send_text_card)."""
    if message.channel == Channel.EMAIL:
        EmailMessage(
            message.subject, email_body(message), settings.DEFAULT_FROM_EMAIL, [message.address],
            headers={"Message-ID": email_message_id(message)},
        ).send()
    elif message.channel == Channel.SMS:
        get_backend().send(phone=message.address, body=f"【{message.subject}】{message.body}",
                           message=message)
    elif message.channel == Channel.WECOM:
        _wecom_card(message)


def _wecom_free_at(message: Message, claimed_at) -> dt.datetime | None:
    """None when fewer than WECOM_PER_USER_PER_MINUTE cards to this person were claimed in
    the minute before this claim (ours and another worker's at the same instant are ordered
    by id); else when the oldest of them leaves that minute."""
    limit = settings.WECOM_PER_USER_PER_MINUTE
    minute = dt.timedelta(minutes=1)
    earlier = list(
        Message.objects.filter(
            channel=Channel.WECOM, address_digest=message.address_digest,
            claimed_at__gt=claimed_at - minute,
        ).filter(Q(claimed_at__lt=claimed_at) | Q(claimed_at=claimed_at, pk__lt=message.pk))
        .order_by("claimed_at").values_list("claimed_at", flat=True)[:1000]
    )
    if len(earlier) < limit:
        return None
    return earlier[len(earlier) - limit] + minute


def _wecom_card(message: Message) -> None:
    """A text card: the subject, the time and text (WeChat Work's gray and normal lines),
    and a button to the record's page (the inbox when the message is about none). With
    粤政易 sign-in on, the button signs its reader in through 粤政易 on the way."""
    base = (settings.PUBLIC_BASE_URL or settings.SERVED_BASE_URL).rstrip("/")  # core.links
    path = message.link if message.link.startswith("/") else reverse("notices:inbox")
    if settings.WECOM_SIGN_IN:
        try:
            path = f"{reverse('wecom_login')}?{urlencode({'next': path})}"
        except NoReverseMatch:
            pass
    when = timezone.localtime(message.created_at or timezone.now())
    description = (f'<div class="gray">{when:%Y年%m月%d日 %H:%M}</div>'
                   f'<div class="normal">{html.escape(message.body)}</div>')
    WeComClient().send_text_card(touser=message.address, title=message.subject,
                                 description=description, url=f"{base}{path}")


def email_body(message: Message) -> str:
    """The text, and the address of the record's page when the message is about one (an
    SMS stays short: it may go to a visitor, who has no login)."""
    if not message.link:
        return message.body
    base = (settings.PUBLIC_BASE_URL or settings.SERVED_BASE_URL).rstrip("/")  # core.links
    return f"{message.body}\n\n查看详情：{base}{message.link}"


def email_message_id(message: Message) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<message-{message.pk}@{domain}>"


def _record_failure(message: Message, attempt: int, claimed_at, exc: Exception) -> None:
    """发送失败 with the time of the next try (none after the last of RETRY_DELAYS)."""
    error = _error_text(exc)
    log.warning("message %s on %s failed (attempt %s): %s %s", message.pk, message.channel,
                attempt, exc.__class__.__name__, error)
    delay = RETRY_DELAYS[attempt - 1] if attempt <= len(RETRY_DELAYS) else None
    Message.objects.filter(
        pk=message.pk, claimed_at=claimed_at, status__in=[S.SENDING, S.CHECKING]
    ).update(status=S.FAILED, error=error,
             retry_at=timezone.now() + delay if delay else None)


# What staff read in a failed message's 错误, by the kind of the exception (the first that
# matches): never the exception's own text, which may quote the address or the message.
ERROR_TEXTS = (
    (smtplib.SMTPRecipientsRefused, "邮件服务器拒收：收件地址无效或不存在"),
    (smtplib.SMTPSenderRefused, "邮件服务器拒绝了发件地址"),
    (smtplib.SMTPAuthenticationError, "邮件服务器拒绝登录：请检查邮件账号和密码设置"),
    (smtplib.SMTPDataError, "邮件服务器拒收了这封邮件"),
    (smtplib.SMTPServerDisconnected, "邮件服务器断开了连接"),
    (smtplib.SMTPException, "邮件服务器返回错误"),
    (TimeoutError, "连接超时"),
    (OSError, "无法连接服务器"),
    (ImproperlyConfigured, "发送设置不完整，请联系系统管理员"),
)


def _error_text(exc: Exception) -> str:
    """In Chinese, for the staff. A gateway's own error (notices.sms) carries just its code
    or HTTP status, so it is kept."""
    if isinstance(exc, SmsGatewayError | WeComError):
        return str(exc)[:200]
    return next((text for kind, text in ERROR_TEXTS if isinstance(exc, kind)), "发送失败：未知错误")


# --------------------------------------------------------------------------- the sweeper


def messages_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Every minute (config/celery.py): mark 待核实 each message whose sender died inside
    the gateway call, and queue again each one that is due: a failed one whose backoff has
    passed, or a pending one whose task was lost. Each is claimed by a conditional UPDATE
    (its next time moved on) before it is queued, so two sweeps queue it once."""
    from .tasks import send_message

    now = now or timezone.now()
    flagged = Message.objects.filter(
        status=S.SENDING, claimed_at__lt=now - CLAIM_STALE_AFTER
    ).update(status=S.CHECKING, error=INTERRUPTED)
    due = list(
        Message.objects.filter(status__in=[S.PENDING, S.FAILED], retry_at__lte=now)
        .order_by("retry_at").values_list("pk", "retry_at")[:SWEEP_BATCH]
    )
    queued = 0
    for pk, retry_at in due:
        claimed = Message.objects.filter(
            pk=pk, status__in=[S.PENDING, S.FAILED], retry_at=retry_at
        ).update(status=S.PENDING, retry_at=now + REQUEUE_AFTER)
        if claimed == 1:
            send_message.delay(pk)
            queued += 1
    return {"queued": queued, "checking": flagged}


# ------------------------------------------------------------------------ staff's answers


def message_resend(*, message: Message) -> bool:
    """Staff send a 待核实 or 发送失败 message again (they found it did not arrive); queued
    when the caller's transaction commits. False when it was not in either state."""
    resent = Message.objects.filter(pk=message.pk, status__in=[S.CHECKING, S.FAILED]).update(
        status=S.PENDING, error="", retry_at=timezone.now() + REQUEUE_AFTER
    )
    if resent:
        transaction.on_commit(lambda: _queue([message.pk]), robust=True)
    return resent == 1


def message_mark_delivered(*, message: Message) -> bool:
    """Staff found that a 待核实 message did arrive: 已发送, nothing is sent again."""
    return Message.objects.filter(pk=message.pk, status=S.CHECKING).update(
        status=S.SENT, error="", sent_at=F("claimed_at")
    ) == 1
