"""The resident's side of a request: the receipt, the public status page (no login) and the
progress messages.

A resident looks a request up with its receipt number and the last four digits of the
phone they gave, or with a one-time code sent by SMS to that phone. The page shows the
route, the current step, the body handling it (a department or the workroom, never a
person), the due date and the outcome, in plain Chinese. A wrong pair, an unknown number,
a request without a phone and a voided one all get the same answer. Attempts are counted
per receipt number and per client address in the audit trail, which is also what limits
them: every attempt is one audit event, and no more than STATUS_LOOKUPS_PER_HOUR of them
per number in an hour are answered.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.choices import EventKind
from audit.services import audit_record, client_ip, events_since
from core.links import site_base_url
from notices.services import Recipient, notify
from privacy.crypto import keyed_hash

from .choices import Action, CaseState, Route, SettingKey
from .models import Case, CaseStep, RoutingSetting, StatusCode
from .receipt import receipt_display, receipt_normalize

# A reception desk or a carrier's shared address serves many residents: an address may try
# this many times the number a single receipt number may.
IP_FACTOR = 5
CODE_MINUTES = 10
CODE_SENDS_PER_DAY = 3  # one-time codes to one request's phone in a day
MERGE_DEPTH = 5  # a duplicate of a duplicate: followed this far to its master

# In plain Chinese, for the resident (the staff's labels name the articles and the roles).
ROUTE_WORDS = {
    "": gettext_lazy("工作室正在确定办理方式"),
    Route.ON_THE_SPOT: gettext_lazy("在接待现场当场答复"),
    Route.TOWN: gettext_lazy("交镇（街）或区职能部门办理"),
    Route.PETITION: gettext_lazy("转信访部门依法办理"),
    Route.MEMBER: gettext_lazy("由政协委员调查研究，提出提案或社情民意信息"),
    Route.REFUSED: gettext_lazy("不属于受理范围，已告知依法反映的途径"),
}
STATE_WORDS = {
    CaseState.REGISTERED: gettext_lazy("已登记，正在确定办理方式"),
    CaseState.AWAITING_INSTRUCTION: gettext_lazy("已报镇（街）负责人，等待批示"),
    CaseState.WITH_TOWN_OFFICE: gettext_lazy("镇（街）职能科室正在办理"),
    CaseState.WITH_DISTRICT_DEPARTMENT: gettext_lazy("区职能部门正在办理"),
    CaseState.WITH_PETITION_OFFICE: gettext_lazy("信访部门正在办理"),
    CaseState.AWAITING_FEEDBACK: gettext_lazy("信访部门已办理，正在向政协委员反馈"),
    CaseState.MEMBER_RESEARCHING: gettext_lazy("政协委员正在调查研究"),
    CaseState.CLOSED: gettext_lazy("已办结"),
    CaseState.REFUSED: gettext_lazy("不予受理，已告知反映途径"),
    CaseState.MERGED: gettext_lazy("已与相同诉求合并办理"),
}
ACTION_WORDS = {
    Action.REGISTER: gettext_lazy("登记"),
    Action.ANSWER: gettext_lazy("当场答复，办结"),
    Action.SUBMIT_TO_LEADER: gettext_lazy("报镇（街）负责人批示"),
    Action.INSTRUCT: gettext_lazy("负责人批示，交职能科室办理"),
    Action.PASS_TO_DISTRICT: gettext_lazy("转区职能部门办理"),
    Action.REPLY: gettext_lazy("承办部门答复，办结"),
    Action.TO_PETITION: gettext_lazy("转信访部门办理"),
    Action.PETITION_OUTCOME: gettext_lazy("信访部门办理完毕"),
    Action.FEEDBACK: gettext_lazy("向政协委员反馈后办结"),
    Action.TO_MEMBER: gettext_lazy("交政协委员调查研究"),
    Action.FILE: gettext_lazy("委员提出提案或社情民意信息，办结"),
    Action.REFUSE: gettext_lazy("不予受理，告知反映途径"),
    Action.REOPEN: gettext_lazy("重新办理"),
    Action.MERGE: gettext_lazy("与相同诉求合并办理"),
    Action.UNMERGE: gettext_lazy("撤销合并，单独办理"),
}
NOT_FOUND = gettext_lazy("未查到与该回执编号和手机号码相符的诉求。请核对后重试；"
                         "登记时未留手机号码的，请向登记诉求的工作室咨询。")
TOO_MANY = gettext_lazy("查询过于频繁，请一小时后再试，或向登记诉求的工作室咨询。")
CODE_SENT = gettext_lazy("如该回执编号登记时留有同意接收通知的手机号码，验证码已发送到该号码，"
                         "%(minutes)s分钟内有效。没有收到的，请向登记诉求的工作室咨询。")
# Runs of digits as long as a phone or an identity number, in what staff wrote.
LONG_NUMBER = re.compile(r"\d{7,}[\dXx]?")


# ------------------------------------------------------------------------ what is shown


@dataclass
class PublicStep:
    date: dt.date
    words: str
    body: str


@dataclass
class PublicStatus:
    """What the public page shows of one request: nobody's personal data."""

    receipt: str
    topic: str
    raised_on: dt.date
    workroom: str
    route: str
    now: str
    body: str
    due_date: dt.date | None
    outcome: str
    closed: bool
    merged: bool = False
    steps: list[PublicStep] = field(default_factory=list)


def public_status(case: Case) -> PublicStatus:
    """The request as its resident may read it; a merged duplicate shows its master's
    handling, under its own receipt number, topic and date."""
    master = _master(case)
    return PublicStatus(
        receipt=receipt_display(case.receipt_no), topic=case.topic.name,
        raised_on=case.raised_on, workroom=case.activity.workroom.name,
        route=str(ROUTE_WORDS.get(master.route, "")), now=str(STATE_WORDS[master.state]),
        body=_body(master), due_date=master.due_date if master.is_open else None,
        outcome=plain_outcome(master), closed=not master.is_open,
        merged=master.pk != case.pk, steps=_steps(master),
    )


def _master(case: Case) -> Case:
    for _level in range(MERGE_DEPTH):
        if case.state != CaseState.MERGED or case.merged_into_id is None:
            break
        case = _cases().get(pk=case.merged_into_id)
    return case


def _cases():
    return Case.objects.select_related(
        "topic", "town", "department__town", "department__district", "activity__workroom",
        "visitor",
    )


def _body(case: Case) -> str:
    """Who handles it, as a body: a department, the town/street, or the workroom."""
    if case.department_id:
        return str(case.department)
    if case.state == CaseState.AWAITING_INSTRUCTION:
        return case.town.name
    if case.state == CaseState.MEMBER_RESEARCHING:
        return _("%(room)s的政协委员") % {"room": case.activity.workroom.name}
    return case.activity.workroom.name


def _steps(case: Case) -> list[PublicStep]:
    steps = CaseStep.objects.filter(case=case).select_related(
        "department__town", "department__district"
    ).order_by("at", "pk")
    room = case.activity.workroom.name
    return [
        PublicStep(
            date=timezone.localdate(step.at),
            words=str(ACTION_WORDS.get(step.action, step.get_action_display())),
            body=str(step.department) if step.department_id else (
                case.town.name if step.action == Action.SUBMIT_TO_LEADER else room
            ),
        )
        for step in steps
    ]


def plain_outcome(case: Case) -> str:
    """The outcome as staff wrote it, with any phone or identity number masked."""
    if case.is_open:
        return ""
    return LONG_NUMBER.sub(lambda m: m.group()[:3] + "*" * (len(m.group()) - 3), case.outcome)


# --------------------------------------------------------------------------- looking up


@dataclass
class Answer:
    """What the page says: a status, or a message (the same for every kind of miss)."""

    status: PublicStatus | None = None
    message: str = ""


def status_lookup(*, request, receipt: str, last4: str) -> Answer:
    """The receipt number and the last four digits of the phone given at registration."""
    number = receipt_normalize(receipt)
    if _limited(request, number):
        return _refused(request, number, "手机号后四位")
    case = _case_of(number)
    phone = case.visitor.phone if case is not None and case.visitor_id else ""
    # Compared in constant time, and compared even when nothing was found.
    matched = hmac.compare_digest(
        (phone[-4:] if len(phone) >= 4 else "-" * 5).encode(), _four(last4).encode()
    )
    found = case if matched else None
    _audit(request, number, "手机号后四位", found)
    return Answer(status=public_status(found)) if found else Answer(message=str(NOT_FOUND))


def status_code_send(*, request, receipt: str) -> Answer:
    """A one-time code to the request's phone, where the resident agreed to be contacted;
    the answer is the same whether or not one was sent."""
    number = receipt_normalize(receipt)
    if _limited(request, number):
        return _refused(request, number, "发送验证码")
    case = _case_of(number)
    sent = case is not None and _send_code(case)
    _audit(request, number, "发送验证码", case if sent else None)
    return Answer(message=str(CODE_SENT) % {"minutes": CODE_MINUTES})


def status_code_check(*, request, receipt: str, code: str) -> Answer:
    """The receipt number and a code sent to its phone: valid minutes, accepted once."""
    number = receipt_normalize(receipt)
    if _limited(request, number):
        return _refused(request, number, "短信验证码")
    case = _case_of(number)
    found = case if case is not None and _use_code(case, code) else None
    _audit(request, number, "短信验证码", found)
    return Answer(status=public_status(found)) if found else Answer(message=str(NOT_FOUND))


def _four(text: str) -> str:
    digits = "".join(ch for ch in (text or "")[:10] if ch.isdigit())
    return digits if len(digits) == 4 and digits.isascii() else "x" * 4


def _case_of(number: str) -> Case | None:
    if not number:
        return None
    return _cases().filter(receipt_no=number, voided_at=None).first()


def _limited(request, number: str) -> bool:
    """Refused when the number or the address tried too often in the last hour."""
    per_hour = RoutingSetting.objects.value(SettingKey.STATUS_LOOKUPS_PER_HOUR)
    recent = events_since(EventKind.STATUS_LOOKUP, within=dt.timedelta(hours=1))
    if number and recent.filter(detail__receipt=number).count() >= per_hour:
        return True
    address = client_ip(request)
    return bool(address) and recent.filter(ip_address=address).count() >= per_hour * IP_FACTOR


def _refused(request, number: str, via: str) -> Answer:
    _audit(request, number, via, None, limited=True)
    return Answer(message=str(TOO_MANY))


def _audit(request, number: str, via: str, case: Case | None, limited: bool = False) -> None:
    """One event per attempt: the receipt number as read (never any digit of the phone),
    the way, and whether it was answered."""
    detail = {"receipt": number, "via": via, "ok": case is not None}
    if limited:
        detail["limited"] = True
    audit_record(kind=EventKind.STATUS_LOOKUP, request=request, obj=case, detail=detail)


# ---------------------------------------------------------------------- one-time codes


def _code_digest(case: Case, code: str) -> str:
    return keyed_hash(f"status-code:{case.pk}:{code}")


@transaction.atomic
def _send_code(case: Case) -> bool:
    visitor = case.visitor
    if visitor is None or not visitor.may_be_contacted:
        return False
    Case.objects.select_for_update().filter(pk=case.pk).first()  # one sender at a time
    today = timezone.now() - dt.timedelta(days=1)
    if StatusCode.objects.filter(case=case, created_at__gte=today).count() >= CODE_SENDS_PER_DAY:
        return False
    code = f"{secrets.randbelow(10 ** 6):06d}"
    sent = StatusCode.objects.create(
        case=case, digest=_code_digest(case, code),
        expires_at=timezone.now() + dt.timedelta(minutes=CODE_MINUTES),
    )
    notify(
        people=[_recipient(visitor)],
        key=f"case:{case.pk}:status-code:{sent.pk}", subject=_("诉求查询验证码"),
        body=_("您的诉求查询验证码为%(code)s，%(minutes)s分钟内有效。如非本人操作，请忽略。")
        % {"code": code, "minutes": CODE_MINUTES},
        link=status_path(),
    )
    return True


def _use_code(case: Case, code: str) -> bool:
    code = "".join(ch for ch in (code or "")[:12] if ch.isdigit())
    if len(code) != 6:
        return False
    now = timezone.now()
    return StatusCode.objects.filter(
        case=case, digest=_code_digest(case, code), used_at=None, expires_at__gt=now
    ).update(used_at=now) == 1


# ------------------------------------------------------------------- telling the resident


def status_path() -> str:
    return reverse("status:lookup")


def status_url() -> str:
    """The public page's full address, for a slip and an SMS."""
    return site_base_url() + status_path()


def residents_to_tell(case: Case) -> list[tuple[Case, object]]:
    """(their own request, visitor) for the case's resident and the residents of the
    duplicates merged into it, where each agreed to be contacted (个人信息保护法); a phone
    once, however many of them its owner raised."""
    cases = [case, *case.duplicates.filter(state=CaseState.MERGED, voided_at=None)
             .select_related("visitor").order_by("pk")]
    told, residents = set(), []
    for own in cases:
        if own.visitor and own.visitor.may_be_contacted and own.visitor.phone not in told:
            told.add(own.visitor.phone)
            residents.append((own, own.visitor))
    return residents


def _recipient(visitor) -> Recipient:
    # Named by number, not by name: the message log keeps no visitor's name.
    return Recipient(name=str(visitor), phone=visitor.phone)


def _words(own: Case) -> dict:
    return {
        "date": f"{own.raised_on:%Y年%m月%d日}", "room": own.activity.workroom.name,
        "topic": own.topic.name, "receipt": receipt_display(own.receipt_no),
        "url": status_url(),
    }


def resident_tell_receipt(*, case: Case) -> None:
    """At registration: the receipt number and where to look the request up."""
    for own, visitor in residents_to_tell(case):
        notify(
            people=[_recipient(visitor)],
            key=f"case:{own.pk}:receipt", subject=_("群众诉求登记回执"),
            body=_("您%(date)s在%(room)s反映的「%(topic)s」诉求已登记，回执编号%(receipt)s。"
                   "凭回执编号和手机号码后四位可在%(url)s 查询办理进度。") % _words(own),
            link=status_path(),
        )


def resident_tell_progress(*, case: Case) -> None:
    """A step that changed who handles the request: at most STATUS_MESSAGES_PER_DAY a day
    for each request (the keys of the day, taken in turn; notify sends each key once)."""
    limit = RoutingSetting.objects.value(SettingKey.STATUS_MESSAGES_PER_DAY)
    today = timezone.localdate()
    body = _body(case)
    due = f"{case.due_date:%Y年%m月%d日}" if case.due_date else ""
    for own, visitor in residents_to_tell(case):
        words = _words(own) | {"body": body, "due": due}
        for n in range(1, limit + 1):
            if notify(
                people=[_recipient(visitor)],
                key=f"case:{own.pk}:status:{today:%Y-%m-%d}:{n}", subject=_("群众诉求办理进度"),
                body=_("您%(date)s在%(room)s反映的「%(topic)s」诉求（回执编号%(receipt)s）"
                       "现由%(body)s办理，办理期限%(due)s。查询进度：%(url)s") % words,
                link=status_path(),
            ):
                break


def resident_tell_outcome(*, case: Case, key: str) -> None:
    """The outcome, always (not counted in the day's limit), once per closing."""
    outcome = plain_outcome(case)
    for own, visitor in residents_to_tell(case):
        notify(
            people=[_recipient(visitor)],
            key=key.replace(f"case:{case.pk}:", f"case:{own.pk}:", 1),
            subject=_("群众诉求办理结果"),
            body=_("您%(date)s在%(room)s反映的「%(topic)s」诉求（回执编号%(receipt)s）"
                   "办理结果：%(outcome)s") % (_words(own) | {"outcome": outcome}),
            link=status_path(),
        )
