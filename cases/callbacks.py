"""The callback after a case closes, and 重办 at the resident's answer.

When a case closes (`services._apply`), a consenting visitor with a phone gets an SMS with
a link to a page that needs no login (`callback_token`): two separate questions, was it
solved (解决 / 部分解决 / 未解决) and how satisfied are they (the five levels of
政务服务好差评). Staff who call or meet the resident record the same answers (channel, who
called, when). An answer is written once per closing (`Callback`, unique per case and round).
"未解决" or a bad rating within the reopening window reopens the case to its last handler.
A closing without an answer after the wait (working days) is recorded as 逾期未答复, once,
by the daily job; it never counts as satisfied.

Cases without anyone to ask (no visitor, no phone, or no consent to be contacted) get no SMS;
staff may still record an answer given in person, and the daily job records the lack of an
answer for them too (with why), so that every closing has one row and callback coverage
shows who was not reached. Refused (规范 第十一条) and merged cases never close, so they
are never asked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.links import site_base_url
from notices.choices import Channel
from notices.services import Recipient, notify
from receptions.calendar import WorkCalendar

from .choices import BAD_RATINGS, CallbackChannel, CaseState, SettingKey, Solved
from .models import Callback, Case, RoutingSetting
from .services import case_reopen_at_callback

SALT = "cases.callback"
ANSWERED = gettext_lazy("这次办结的回访已有答复，答复不能修改。")
# How far back the daily job looks for closings without an answer: a closing older than this
# (closed before the callback existed, or while the job was down for weeks) is left without
# a row rather than recorded as unanswered after the fact.
NO_ANSWER_LOOKBACK = dt.timedelta(days=60)
NO_CONTACT = gettext_lazy("群众未留联系电话或未同意接收通知，未能回访。")


@dataclass
class Answer:
    callback: Callback
    reopened: bool = False
    window_passed: bool = False  # 未解决 or a bad rating, but too late to reopen


# ---------------------------------------------------------------------------------------
# Asking: the SMS link


def callback_token(case: Case) -> str:
    """A signed token naming the case and its closing (round); nothing else, no personal data."""
    return signing.dumps([case.pk, case.reopen_count], salt=SALT)


def callback_deadline(case: Case, calendar: WorkCalendar | None = None) -> dt.date:
    """The last day the resident may answer: the wait (working days) after the closing."""
    days = RoutingSetting.objects.value(SettingKey.CALLBACK_WAIT_DAYS)
    closed_on = timezone.localdate(case.closed_at)
    return (calendar or WorkCalendar()).add_working_days(closed_on, days)


def callback_ask(*, case: Case, **_signal) -> None:
    """At a closing (cases.signals.case_closed; a refusal is no closing to ask about): the
    consenting visitor gets the link by SMS (once per closing)."""
    if case.state != CaseState.CLOSED:
        return
    visitor = case.visitor
    if not (visitor and visitor.may_be_contacted):
        return  # nobody to ask by SMS: staff may still record an answer in person
    path = reverse("cases:callback_answer", args=[callback_token(case)])
    words = {
        "date": f"{case.raised_on:%Y年%m月%d日}", "topic": case.topic.name,
        "due": f"{callback_deadline(case):%m月%d日}", "url": f"{site_base_url()}{path}",
    }
    notify(
        # Named by number, not by name: the message log keeps no visitor's name.
        people=[Recipient(name=str(visitor), phone=visitor.phone)],
        key=f"case:{case.pk}:callback:{case.reopen_count}", subject=_("诉求办理回访"),
        body=_("您%(date)s反映的「%(topic)s」问题已办结。问题是否解决、您是否满意？"
               "请于%(due)s前点击链接答复：%(url)s") % words,
        channels=(Channel.SMS,), link=path,
    )


def callback_case_for_token(token: str, *, today: dt.date | None = None) -> Case:
    """The case a link is for, or a ValidationError in Chinese saying why it cannot be
    answered: a wrong link, answered already (`Callback` is written once), reopened since,
    or past the wait."""
    try:
        pk, round_ = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError(_("链接无效，请核对短信中的链接。"), code="invalid") from None
    case = Case.objects.not_voided().select_related("topic", "activity__workroom").filter(
        pk=pk
    ).first()
    if case is None or not isinstance(round_, int):
        raise ValidationError(_("链接无效，请核对短信中的链接。"), code="invalid")
    if case.callbacks.filter(round=round_).exists():
        raise ValidationError(_("您已答复过本次回访，答复不能修改。感谢您的评价！"),
                              code="answered")
    if case.reopen_count != round_:
        raise ValidationError(_("该诉求已重新办理，本次回访链接已失效；办结后会再次请您评价。"),
                              code="passed")
    if case.state != CaseState.CLOSED:
        raise ValidationError(_("该诉求正在办理中，办结后会请您评价。"), code="passed")
    if (today or timezone.localdate()) > callback_deadline(case):
        raise ValidationError(_("答复期限已过，链接已失效。如问题仍未解决，请联系工作室。"),
                              code="expired")
    return case


# ---------------------------------------------------------------------------------------
# Answering


@transaction.atomic
def callback_record(
    *, case: Case, channel: str, solved: str, satisfaction: str, comment: str = "",
    by: User | None = None, called_at: dt.datetime | None = None, today: dt.date | None = None,
) -> Answer:
    """The resident's answer to this closing's callback, by SMS (`by` None) or as staff
    recorded it; then 重办 for 未解决 or a bad rating within the window."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.state != CaseState.CLOSED or case.voided_at is not None:
        raise ValidationError(_("该诉求当前不是“已办结”，无需回访。"))
    if channel == CallbackChannel.NO_ANSWER:
        raise ValidationError(_("“逾期未答复”由系统在等待期满后记录。"))
    callback = Callback(
        case=case, round=case.reopen_count, channel=channel, solved=solved,
        satisfaction=satisfaction, comment=comment.strip(), recorded_by=by,
        called_at=called_at or timezone.now(),
    )
    _check_answer(callback, case)
    try:
        with transaction.atomic():
            callback.save()
    except IntegrityError:
        raise ValidationError(ANSWERED) from None
    _keep_on_case(callback)
    return _reopen_if_unsolved(case, callback, today or timezone.localdate())


def _keep_on_case(callback: Callback) -> None:
    """The answer to the latest closing, kept on the case for the 三率 (cases.rates); a
    reopening clears it (`services._reopen`)."""
    Case.objects.filter(pk=callback.case_id).update(
        callback_channel=callback.channel, callback_solved=callback.solved,
        callback_satisfaction=callback.satisfaction,
    )


def _check_answer(callback: Callback, case: Case) -> None:
    if not callback.solved or not callback.satisfaction:
        raise ValidationError(_("请回答“是否解决”和“满意程度”两个问题。"))
    if callback.called_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(_("回访时间不能晚于现在。"))
    if callback.called_at < case.closed_at - dt.timedelta(minutes=5):
        raise ValidationError(_("回访时间不能早于办结时间。"))
    try:
        callback.full_clean()
    except ValidationError as exc:
        if "__all__" in getattr(exc, "error_dict", {}) and Callback.objects.filter(
            case=case, round=callback.round
        ).exists():
            raise ValidationError(ANSWERED) from None
        raise


def _reopen_if_unsolved(case: Case, callback: Callback, today: dt.date) -> Answer:
    if callback.solved != Solved.UNSOLVED and callback.satisfaction not in BAD_RATINGS:
        return Answer(callback)
    window = RoutingSetting.objects.value(SettingKey.REOPEN_WINDOW_DAYS)
    if today > timezone.localdate(case.closed_at) + dt.timedelta(days=window):
        return Answer(callback, window_passed=True)
    case_reopen_at_callback(case=case, reason=_reopen_reason(callback), by=callback.recorded_by,
                            today=today)
    return Answer(callback, reopened=True)


def _reopen_reason(callback: Callback) -> str:
    reason = _("回访答复（%(channel)s）：%(solved)s，%(satisfaction)s。") % {
        "channel": callback.get_channel_display(), "solved": callback.get_solved_display(),
        "satisfaction": callback.get_satisfaction_display(),
    }
    if callback.comment:
        reason += _("群众意见：%(comment)s") % {"comment": callback.comment}
    return reason


# ---------------------------------------------------------------------------------------
# No answer within the wait


def callbacks_record_no_answer(*, today: dt.date) -> int:
    """Daily: each closing whose wait passed without an answer gets 逾期未答复, once (the
    unique (case, round) is the claim: a rerun or an answer in between adds nothing).
    Returns how many were recorded now."""
    days = RoutingSetting.objects.value(SettingKey.CALLBACK_WAIT_DAYS)
    calendar = WorkCalendar()
    answered = Callback.objects.filter(case=OuterRef("pk"), round=OuterRef("reopen_count"))
    closings = (
        Case.objects.not_voided().filter(
            state=CaseState.CLOSED, closed_at__isnull=False,
            # N working days are at least N days: nothing closed later can have waited enough
            closed_at__date__lte=today - dt.timedelta(days=days + 1),
            closed_at__date__gte=today - NO_ANSWER_LOOKBACK,
        ).exclude(Exists(answered)).select_related("visitor").order_by("pk")
    )
    recorded = 0
    for case in closings.iterator(chunk_size=500):
        if calendar.add_working_days(timezone.localdate(case.closed_at), days) >= today:
            continue
        recorded += _record_no_answer(case)
    return recorded


def _record_no_answer(case: Case) -> int:
    reachable = case.visitor is not None and case.visitor.may_be_contacted
    try:
        with transaction.atomic():
            callback = Callback.objects.create(
                case=case, round=case.reopen_count, channel=CallbackChannel.NO_ANSWER,
                comment="" if reachable else str(NO_CONTACT),
            )
            _keep_on_case(callback)
    except IntegrityError:
        return 0  # answered (or recorded by another run) meanwhile
    return 1
