"""Workflows of the workroom ledger and of case routing
(规范 第十条, 规范 第十一条, 规范 第十三条, 规范 第十四条).

The clerk's screens, the admin, the demo loader and the Celery job all call these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.choices import Role
from accounts.models import User
from members.models import Member
from members.validators import normalize_phone
from notices.services import notify
from receptions.calendar import WorkCalendar
from scoring.choices import DutyKind, RecordSource
from scoring.models import DutyRecord
from scoring.services import duty_record_create, duty_records_confirm

from .choices import (
    Action,
    ActivityStatus,
    CaseState,
    DepartmentKind,
    FiledKind,
    RefusalProcedure,
    Route,
    SettingKey,
    TopicState,
)
from .models import (
    Activity,
    ActivityPhoto,
    Case,
    CaseStep,
    Cluster,
    ConsultationTopic,
    Department,
    RoutingSetting,
    Visitor,
)
from .receipt import receipt_no_new
from .signals import case_closed
from .status import resident_tell_outcome, resident_tell_progress, resident_tell_receipt

# ---------------------------------------------------------------------------------------
# Activities (规范 第十条) and the duty records they create (规范 第五条, 规范 第十四条)


@transaction.atomic
def activity_save(
    *, workroom, by: User, fields: dict, members: Iterable[Member], photos=(),
    activity: Activity | None = None, today: dt.date | None = None,
) -> Activity:
    """Create or update an activity (a draft may be half filled). A held activity keeps
    its members' duty records in step with who was present."""
    activity = activity or Activity(workroom=workroom, recorded_by=by)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    activity.members_present.set(members)
    _add_photos(activity, photos)
    if activity.status == ActivityStatus.HELD:
        _raise_if(activity.held_problems(today or timezone.localdate()))
        _sync_duty_record(activity, by)
    return activity


@transaction.atomic
def activity_mark_held(*, activity: Activity, by: User, today: dt.date | None = None) -> Activity:
    """The activity took place: each member present gets one community-activity duty
    record (规范 第十四条: this is what counts as their visit). Marking twice does nothing."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status == ActivityStatus.HELD:
        return activity
    _raise_if(activity.held_problems(today or timezone.localdate()))
    activity.status = ActivityStatus.HELD
    activity.held_at = timezone.now()
    activity.save(update_fields=["status", "held_at", "updated_at"])
    _sync_duty_record(activity, by)
    return activity


def _sync_duty_record(activity: Activity, by: User) -> DutyRecord:
    _mark_reception_held(activity)
    record = duty_record_create(
        kind=DutyKind.COMMUNITY_ACTIVITY,
        activity_form=activity.form_id,
        members=list(activity.members_present.all()),
        date=activity.date,
        title=f"{activity.workroom.name}{activity.form_name}",
        source=RecordSource.LEDGER,
        source_ref=f"activity:{activity.pk}",
        entered_by=by,
    )
    return _confirm_if_confirming_staff(record, by)


def _mark_reception_held(activity: Activity) -> None:
    """A reception day recorded in the ledger has been held (规范 第九条, 规范 第十四条)."""
    from receptions.choices import ReceptionStatus
    from receptions.models import Reception

    if activity.reception_id:
        Reception.objects.filter(pk=activity.reception_id).exclude(
            status=ReceptionStatus.CANCELLED
        ).update(status=ReceptionStatus.HELD)


def _confirm_if_confirming_staff(record: DutyRecord, by: User) -> DutyRecord:
    """Staff who confirm duty records (举措 四（四）) have what they enter themselves
    confirmed at once. A clerk's entry waits for them (pending)."""
    if by.has_perm("scoring.confirm_dutyrecord"):
        duty_records_confirm(records=DutyRecord.objects.filter(pk=record.pk), by=by)
    return record


def _add_photos(activity: Activity, photos) -> None:
    photos = list(photos)
    if not photos:
        return
    if activity.photos.count() + len(photos) > ActivityPhoto.MAX_PER_ACTIVITY:
        raise ValidationError(
            _("每次活动最多上传%(n)s张照片。") % {"n": ActivityPhoto.MAX_PER_ACTIVITY}
        )
    for image in photos:
        photo = ActivityPhoto(activity=activity, image=image)
        photo.full_clean()
        photo.save()


def _raise_if(problems: list[str]) -> None:
    if problems:
        raise ValidationError(problems)


# ---------------------------------------------------------------------------------------
# Visitors and their cases


@sensitive_variables("visitor", "person")  # the public's personal data: never in an error report
@transaction.atomic
def visitor_register(
    *, activity: Activity, by: User, visitor: dict | None, cases: list[dict],
    today: dt.date | None = None,
) -> list[Case]:
    """A visitor (optional: people may stay anonymous) and each matter they raised.

    A matter's dict may carry `move`, a move made while the visitor is still there (the
    action and what it asks for, as `case_route` takes them): answered on the spot
    (规范 第十三条（一）) or not taken on (规范 第十一条). It goes through `case_route`, as the
    route page would, in the same transaction: a refused move registers nothing."""
    if not cases:
        raise ValidationError(_("请至少登记一项诉求。"))
    person = None
    if visitor and any(visitor.get(key) for key in ("name", "phone", "address")):
        person = Visitor(activity=activity, **visitor)
        person.phone = normalize_phone(person.phone)
        if person.consent_to_contact:  # 个人信息保护法: when the person agreed
            person.consent_recorded_at = timezone.now()
        person.full_clean()
        person.save()
    registered = []
    for data in cases:
        fields = dict(data)
        move = fields.pop("move", None)
        case = case_register(activity=activity, visitor=person, by=by, today=today, **fields)
        if move:
            case = case_route(case=case, by=by, today=today, **move)
        registered.append(case)
    return registered


@transaction.atomic
def case_register(
    *, activity: Activity, by: User, topic, town, content: str, community: str = "",
    visitor: Visitor | None = None, today: dt.date | None = None,
) -> Case:
    """A new case waits for the clerk to choose its route; it may join a cluster. The
    resident gets its receipt number (by SMS too, where they agreed)."""
    today = today or timezone.localdate()
    case = Case(
        activity=activity, visitor=visitor, topic=topic, town=town, community=community,
        content=content, raised_on=activity.date or today, created_by=by,
    )
    case.full_clean(exclude=["current_step"])
    case.due_date = due_date(CaseState.REGISTERED, today)
    case.handler = activity.workroom.clerk
    _save_with_receipt(case)
    _record_step(case, action=Action.REGISTER, from_state="", by=by, department=None)
    cluster_check(case=case)
    resident_tell_receipt(case=case)
    return case


def _save_with_receipt(case: Case, tries: int = 3) -> None:
    """Insert the case with a random receipt number; drawn again if another request took
    the same number meanwhile (the unique index decides)."""
    for attempt in range(tries):
        case.receipt_no = receipt_no_new(
            lambda number: Case.objects.filter(receipt_no=number).exists()
        )
        try:
            with transaction.atomic():
                case.save()
            return
        except IntegrityError:
            if attempt == tries - 1 or not Case.objects.filter(
                receipt_no=case.receipt_no
            ).exists():
                raise


# ---------------------------------------------------------------------------------------
# Routing: 规范 第十三条 as a state machine, and 规范 第十一条 refusals

S, A = CaseState, Action
# 重办 goes back to the state the case was in when it closed (its last handling step), which
# differs from case to case: the table names it LAST_HANDLING and `_transition` reads it from
# the closing step (`_last_handling_state`).
LAST_HANDLING = "last_handling"
# Undoing a merge goes back to the state the duplicate was merged from, which its MERGE step
# keeps (`_state_before_merge`).
BEFORE_MERGE = "before_merge"
TRANSITIONS: dict[tuple[str, str], str] = {
    # (一) answered at the reception
    (S.REGISTERED, A.ANSWER): S.CLOSED,
    # (二) the town/street's principal leader instructs; its office, or a district department
    (S.REGISTERED, A.SUBMIT_TO_LEADER): S.AWAITING_INSTRUCTION,
    (S.AWAITING_INSTRUCTION, A.INSTRUCT): S.WITH_TOWN_OFFICE,
    (S.AWAITING_INSTRUCTION, A.PASS_TO_DISTRICT): S.WITH_DISTRICT_DEPARTMENT,
    (S.WITH_TOWN_OFFICE, A.PASS_TO_DISTRICT): S.WITH_DISTRICT_DEPARTMENT,
    (S.WITH_TOWN_OFFICE, A.REPLY): S.CLOSED,
    (S.WITH_DISTRICT_DEPARTMENT, A.REPLY): S.CLOSED,
    # (三) petition office, then the outcome goes back to the member before closing
    (S.REGISTERED, A.TO_PETITION): S.WITH_PETITION_OFFICE,
    (S.WITH_PETITION_OFFICE, A.PETITION_OUTCOME): S.AWAITING_FEEDBACK,
    (S.AWAITING_FEEDBACK, A.FEEDBACK): S.CLOSED,
    # (四) the member investigates and files a proposal or a social-conditions report
    (S.REGISTERED, A.TO_MEMBER): S.MEMBER_RESEARCHING,
    (S.MEMBER_RESEARCHING, A.FILE): S.CLOSED,
    # 规范 第十一条: not taken on; the person is told where to turn
    (S.REGISTERED, A.REFUSE): S.REFUSED,
    # 重办: the resident's 未解决 or bad rating at the callback, or staff with a reason
    (S.CLOSED, A.REOPEN): LAST_HANDLING,
    # 相同诉求: an open duplicate joins a master case and is handled with it (`_merge`)...
    (S.REGISTERED, A.MERGE): S.MERGED,
    (S.AWAITING_INSTRUCTION, A.MERGE): S.MERGED,
    (S.WITH_TOWN_OFFICE, A.MERGE): S.MERGED,
    (S.WITH_DISTRICT_DEPARTMENT, A.MERGE): S.MERGED,
    (S.WITH_PETITION_OFFICE, A.MERGE): S.MERGED,
    (S.AWAITING_FEEDBACK, A.MERGE): S.MERGED,
    (S.MEMBER_RESEARCHING, A.MERGE): S.MERGED,
    # ...until staff undo it with a reason: back to the state it was merged from, which its
    # MERGE step keeps (`_state_before_merge`)
    (S.MERGED, A.UNMERGE): BEFORE_MERGE,
}
ROUTE_OF = {
    A.ANSWER: Route.ON_THE_SPOT, A.SUBMIT_TO_LEADER: Route.TOWN,
    A.TO_PETITION: Route.PETITION, A.TO_MEMBER: Route.MEMBER, A.REFUSE: Route.REFUSED,
}
DUE_SETTING = {
    S.REGISTERED: SettingKey.DUE_REGISTERED,
    S.AWAITING_INSTRUCTION: SettingKey.DUE_AWAITING_INSTRUCTION,
    S.WITH_TOWN_OFFICE: SettingKey.DUE_WITH_TOWN_OFFICE,
    S.WITH_DISTRICT_DEPARTMENT: SettingKey.DUE_WITH_DISTRICT_DEPARTMENT,
    S.WITH_PETITION_OFFICE: SettingKey.DUE_WITH_PETITION_OFFICE,
    S.AWAITING_FEEDBACK: SettingKey.DUE_AWAITING_FEEDBACK,
    S.MEMBER_RESEARCHING: SettingKey.DUE_MEMBER_RESEARCHING,
}
CLOSING = {A.ANSWER, A.REPLY, A.FEEDBACK, A.FILE}

def due_date(state: str, today: dt.date, calendar: WorkCalendar | None = None) -> dt.date | None:
    """The step's due date: its setting's working days from today (holidays skipped)."""
    key = DUE_SETTING.get(state)
    if key is None:
        return None
    days = RoutingSetting.objects.value(key)
    return (calendar or WorkCalendar()).add_working_days(today, days)


def allowed_actions(case: Case, user: User) -> list[str]:
    """The moves `user` may make on `case` now (the buttons on the case page)."""
    if case.voided_at is not None:
        return []
    return [
        action for (state, action) in TRANSITIONS
        if state == case.state and _actor_refusal(case, action, user) is None
    ]


def route_refusal(case: Case, action: str, user: User) -> str | None:
    """Why `user` may not make this move now, in Chinese; None when they may."""
    try:
        _transition(case, action)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return _actor_refusal(case, action, user)


@dataclass
class Move:
    fields: dict = field(default_factory=dict)
    department: Department | None = None
    handler: User | None = None
    members: list | None = None


@transaction.atomic
def case_route(
    *, case: Case, action: str, by: User, note: str = "", today: dt.date | None = None, **data
) -> Case:
    """Make one move of 规范 第十三条 (or a 规范 第十一条 refusal). A move the table does not
    allow, or bad data, raises a ValidationError in Chinese and changes nothing."""
    case = Case.objects.select_for_update().select_related("town", "activity__workroom").get(
        pk=case.pk
    )
    new_state = _transition(case, action)
    _check_actor(case, action, by)
    move = MOVES[action](case, by=by, note=note.strip(), **data)
    _check_lengths(move, note.strip())
    return _apply(case, action, new_state, move, by, note.strip(), today or timezone.localdate())


def _check_lengths(move: Move, note: str) -> None:
    """The texts a move keeps fit their fields, whoever calls (the route form checks too)."""
    texts = [(Case, name, value) for name, value in move.fields.items() if isinstance(value, str)]
    for model, name, value in [*texts, (CaseStep, "note", note)]:
        model_field = model._meta.get_field(name)
        try:
            model_field.run_validators(value)
        except ValidationError as exc:
            raise ValidationError(f"{model_field.verbose_name}：{exc.messages[0]}") from None


def _transition(case: Case, action: str) -> str:
    if action not in MOVES:
        raise ValidationError(_("未知的办理操作：%(action)s。") % {"action": action})
    if case.voided_at is not None:
        raise ValidationError(_("该诉求已作废（%(reason)s），不能再办理。")
                              % {"reason": case.void_reason})
    new_state = TRANSITIONS.get((case.state, action))
    if new_state == LAST_HANDLING:
        return _last_handling_state(case)
    if new_state == BEFORE_MERGE:
        return _state_before_merge(case)
    if new_state:
        return new_state
    if case.route == Route.PETITION and action in CLOSING:
        raise ValidationError(
            _("信访事项须由信访部门办理并将办理情况向委员反馈后，方可办结（规范 第十三条（三））。")
        )
    allowed = [Action(a).label for (s, a) in TRANSITIONS if s == case.state]
    raise ValidationError(
        _("诉求当前为“%(state)s”，不能执行“%(action)s”。%(hint)s")
        % {
            "state": case.get_state_display(), "action": Action(action).label,
            "hint": _("可执行：%s。") % "、".join(map(str, allowed)) if allowed
            else _("该诉求已办理完毕。"),
        }
    )


def _closing_step(case: Case) -> CaseStep:
    return case.steps.filter(to_state=S.CLOSED).order_by("-pk").first()


def _last_handling_state(case: Case) -> str:
    """The state a closed case was in before its closing step (where 重办 returns it)."""
    closing = _closing_step(case)
    return closing.from_state if closing else S.REGISTERED


def _merge_step(case: Case) -> CaseStep | None:
    return case.steps.filter(action=A.MERGE, to_state=S.MERGED).order_by("-pk").first()


def _state_before_merge(case: Case) -> str:
    merge = _merge_step(case)
    return merge.from_state if merge and merge.from_state else S.REGISTERED


def _check_actor(case: Case, action: str, by: User) -> None:
    if not Case.objects.for_user(by).filter(pk=case.pk).exists():
        raise ValidationError(_("您无权办理这件诉求。"))
    refusal = _actor_refusal(case, action, by)
    if refusal:
        raise ValidationError(refusal)


def _actor_refusal(case: Case, action: str, by: User) -> str | None:
    if action in (A.MERGE, A.UNMERGE):
        return None if by.has_perm("cases.merge_case") else _("您无权合并相同诉求。")
    if action == A.REOPEN:
        return None if by.has_perm("cases.reopen_case") else _("您无权重办这件诉求。")
    if action == A.INSTRUCT and not by.has_perm("cases.instruct_case"):
        return _("批示须由镇（街）主要负责人作出，由镇（街）负责人或区政协工作人员录入"
                 "（规范 第十三条（二））。")
    if by.has_perm("cases.route_case"):
        return None
    # 规范 第十三条（四）: the member the matter was passed to closes it by filing.
    if action == A.FILE and by.has_perm("cases.file_case") and case.members.filter(
        user=by
    ).exists():
        return None
    return _("您无权执行此操作。")


def _apply(case, action, new_state, move: Move, by, note, today) -> Case:
    from_state, closing = case.state, new_state in {S.CLOSED, S.REFUSED}
    holder = (case.department_id, case.handler_id)
    for name, value in move.fields.items():
        setattr(case, name, value)
    case.state = new_state
    case.route = case.route or ROUTE_OF.get(action, "")
    case.department = move.department or case.department
    case.handler = None if closing else move.handler
    case.due_date = None if closing else due_date(new_state, today)
    case.closed_at = timezone.now() if closing else None
    if move.members is not None:
        case.members.set(move.members)
    case.validate_constraints()
    case.save()
    step = _record_step(case, action=action, from_state=from_state, by=by,
                        department=move.department, note=note)
    if case.handler and case.handler != by:
        _tell_handler(case, step)
    if action == A.REOPEN:  # the duplicates are being handled again with their master
        case.duplicates.filter(state=S.MERGED).update(closed_at=None)
    if closing:
        _close_duplicates(case)
        _tell_outcome(case)
        case_closed.send(sender=Case, case=case)
    elif (case.department_id, case.handler_id) != holder:
        resident_tell_progress(case=case)
    _after_merge_moves(case, action, step, by)
    return case


def _record_step(case, *, action, from_state, by, department, note="") -> CaseStep:
    step = CaseStep.objects.create(
        case=case, action=action, from_state=from_state, to_state=case.state, by=by,
        note=note, department=department, handler=case.handler, due_date=case.due_date,
    )
    case.current_step = step
    Case.objects.filter(pk=case.pk).update(current_step=step, **_step_facts(case, step))
    return step


def _step_facts(case: Case, step: CaseStep) -> dict:
    """The facts the 三率 read (cases.rates) after the step recorded now (the case's latest),
    kept on the case in memory and returned for its UPDATE: the registration's due date, the
    day it was first signed for (a merge is no signing for), the due date of the step a
    closing ends (a reopening sets a new one). `cases.models.refresh_step_facts` counts the
    same from the steps."""
    if step.action == A.REGISTER and case.registered_due is None:
        case.registered_due = step.due_date
    if step.from_state == S.REGISTERED and step.action != A.MERGE and case.signed_for_on is None:
        case.signed_for_on = timezone.localdate(step.at)
    if step.to_state != S.CLOSED:
        case.closed_from_due = step.due_date
    return {name: getattr(case, name)
            for name in ("registered_due", "signed_for_on", "closed_from_due")}


def _required(value, message: str) -> str:
    value = (value or "").strip() if isinstance(value, str) else value
    if not value:
        raise ValidationError(message)
    return value


def _department(case: Case, department, kind: str, message: str) -> Department:
    if department is None or not Department.objects.for_case(case, kind).filter(
        pk=getattr(department, "pk", department)
    ).exists():
        raise ValidationError(message)
    return Department.objects.get(pk=getattr(department, "pk", department))


def _answer(case, *, by, note, answer="", **_ignored) -> Move:
    return Move(fields={"outcome": _required(answer, _("请填写当场答复的内容。"))})


def _submit_to_leader(case, *, by, note, handler=None, **_ignored) -> Move:
    leader = handler or User.objects.filter(
        role=Role.TOWN, town_id=case.town_id, is_active=True
    ).order_by("pk").first()
    return Move(handler=leader or by)


def _instruct(case, *, by, note, instruction="", department=None, handler=None, **_i) -> Move:
    text = _required(instruction, _("请填写负责人的批示内容。"))
    office = _department(
        case, department, DepartmentKind.TOWN_OFFICE, _("请选择承办的本镇（街）职能科室。")
    )
    return Move(fields={"instruction": text}, department=office, handler=handler or by)


def _pass_to_district(case, *, by, note, department=None, handler=None, **_ignored) -> Move:
    _required(note, _("请说明超出镇（街）职责范围的理由。"))
    office = _department(
        case, department, DepartmentKind.DISTRICT_DEPARTMENT, _("请选择承办的区职能部门。")
    )
    return Move(department=office, handler=handler or by)


def _reply(case, *, by, note, reply="", **_ignored) -> Move:
    return Move(fields={"outcome": _required(reply, _("请填写承办部门的答复。"))})


def _to_petition(case, *, by, note, department=None, handler=None, **_ignored) -> Move:
    office = _department(
        case, department, DepartmentKind.PETITION_OFFICE, _("请选择承办的信访部门。")
    )
    return Move(department=office, handler=handler or by)


def _petition_outcome(case, *, by, note, outcome="", **_ignored) -> Move:
    text = _required(outcome, _("请填写信访部门的办理情况。"))
    return Move(fields={"outcome": text}, handler=case.handler or by)


def _feedback(case, *, by, note, feedback="", **_ignored) -> Move:
    text = _required(feedback, _("请填写向委员反馈的方式和情况（规范 第十三条（三））。"))
    return Move(fields={"feedback_note": text, "feedback_at": timezone.now()})


def _to_member(case, *, by, note, members=None, **_ignored) -> Move:
    chosen = list(members or case.activity.members_present.all())
    if not chosen:
        raise ValidationError(_("请选择负责调查研究的委员。"))
    handler = next((m.user for m in chosen if m.user_id), None)
    return Move(members=chosen, handler=handler or by)


def _file(case, *, by, note, kind="", title="", date=None, author=None, coauthors=(),
          **_ignored) -> Move:
    if kind not in FiledKind.values:
        raise ValidationError(_("请选择提交的是提案还是社情民意信息。"))
    title = _required(title, _("请填写提案或社情民意信息的标题。"))
    authors = filing_authors(case, by=by, author=author, coauthors=coauthors)
    record = duty_record_create(
        kind=DutyKind(kind), members=authors, date=date or timezone.localdate(),
        title=title, source=RecordSource.CASE, source_ref=f"case:{case.pk}", entered_by=by,
        evidence=_("源自群众诉求 #%(pk)s（%(topic)s）") % {"pk": case.pk, "topic": case.topic},
    )
    _confirm_if_confirming_staff(record, by)
    outcome = _("委员经调查研究后提交%(kind)s《%(title)s》。") % {
        "kind": FiledKind(kind).label, "title": title,
    }
    return Move(fields={"duty_record": record, "outcome": outcome})


def filing_authors(case: Case, *, by: User, author=None, coauthors=()) -> list[Member]:
    """Who a proposal or report filed on a case is credited to (规范 第十三条（四）): the
    member who files it and the co-authors they name, each of whom it counts for
    (举措 三（一）: joint ones count). Not every member the case was passed to, nor everyone
    present at the reception: their duty records and points come from their own filings."""
    passed = list(case.members.order_by("name", "pk"))
    filer = next((m for m in passed if m.user_id == by.pk), None) or _filer_for_staff(
        case, passed, author
    )
    allowed = set(coauthor_choices(case).values_list("pk", flat=True))
    named = {getattr(m, "pk", m) for m in coauthors or ()} - {filer.pk}
    if named - allowed:
        raise ValidationError(_("联名委员须为承办该诉求、到场接待或驻该工作室的委员。"))
    return [filer, *Member.objects.filter(pk__in=named).order_by("name", "pk")]


def _filer_for_staff(case: Case, passed: list[Member], author) -> Member:
    """Staff entering a filing for a member: the one they name among those the case was
    passed to, else the one it was assigned to (its handler), else the first of them."""
    if author is not None:
        filer = next((m for m in passed if m.pk == getattr(author, "pk", author)), None)
        if filer is None:
            raise ValidationError(_("提交的委员须为负责调研该诉求的委员。"))
        return filer
    assigned = [m for m in passed if case.handler_id and m.user_id == case.handler_id]
    if assigned or passed:
        return (assigned or passed)[0]
    raise ValidationError(_("请选择提交提案或社情民意信息的委员。"))


def coauthor_choices(case: Case):
    """Members a filer may name as co-authors: those the case was passed to, those present
    at the reception, those serving at the workroom."""
    activity = case.activity
    return Member.objects.filter(
        Q(pk__in=case.members.values("pk"))
        | Q(pk__in=activity.members_present.values("pk"))
        | Q(pk__in=activity.workroom.members.values("pk"))
    ).order_by("name", "pk")


def _refuse(case, *, by, note, procedure="", referred_body="", **_ignored) -> Move:
    if procedure not in RefusalProcedure.values:
        raise ValidationError(_("请选择应通过的法定程序（诉讼、行政复议、仲裁或其他）。"))
    body = _required(referred_body, _("请填写告知群众应向哪个机关或部门反映。"))
    outcome = _("不予受理（规范 第十一条），已告知其依%(procedure)s程序向%(body)s反映。") % {
        "procedure": RefusalProcedure(procedure).label, "body": body,
    }
    return Move(fields={
        "referred_procedure": procedure, "referred_body": body, "outcome": outcome,
    })


# 相同诉求 (Action.MERGE, UNMERGE): a duplicate is handled with its master case and hears its
# outcome (`_tell_outcome`); it leaves the open, closed and overdue counts, reminders and
# clusters, and stays on record as merged (reports count it apart).


def _merge(case, *, by, note, master=None, **_ignored) -> Move:
    master = _merge_master(case, by, master)
    return Move(fields={"merged_into": master})


def _merge_master(case: Case, by: User, master) -> Case:
    """The master a duplicate may join: another open case the user may handle, of the same
    district, itself no duplicate; and the duplicate is no master (no chains)."""
    pk = getattr(master, "pk", master)
    if not pk or not Case.objects.for_user(by).filter(pk=pk).exclude(pk=case.pk).exists():
        raise ValidationError(_("请选择要并入的诉求（须为您可办理的另一件诉求）。"))
    # Locked as the duplicate is: two cases merged into each other at once wait in turn.
    found = Case.objects.select_for_update().get(pk=pk)
    if found.voided_at is not None or found.state == S.MERGED or found.merged_into_id:
        raise ValidationError(_("诉求 #%(pk)s 已作废或已并入其他诉求，不能作为主诉求。")
                              % {"pk": found.pk})
    if not found.is_open:
        raise ValidationError(_("诉求 #%(pk)s 已办结，不能再并入；如同一问题仍未解决，请另行办理。")
                              % {"pk": found.pk})
    if found.district_id != case.district_id:
        raise ValidationError(_("只能并入同一区的诉求。"))
    if case.duplicates.exists():
        raise ValidationError(_("已有其他诉求并入本件，本件不能再并入其他诉求（不形成合并链）。"))
    return found


def _unmerge(case, *, by, note, **_ignored) -> Move:
    """Back where it was before the merge, with its handler then and a new due date."""
    _required(note, _("请填写撤销合并的原因。"))
    merge = _merge_step(case)
    before = case.steps.filter(pk__lt=merge.pk).order_by("-pk").first() if merge else None
    handler = before.handler if before and before.handler else case.activity.workroom.clerk
    return Move(fields={"merged_into": None}, handler=handler)


def _close_duplicates(master: Case) -> None:
    """The duplicates are settled when their master is (the visitors' personal data is kept
    from then as for any closed request, cases.retention)."""
    master.duplicates.filter(state=S.MERGED, closed_at=None).update(closed_at=master.closed_at)


def _after_merge_moves(case: Case, action: str, step: CaseStep, by: User) -> None:
    """A merge is noted on the master too, and takes the duplicate out of its clusters
    (counted once, with its master); an unmerge brings it back to them."""
    if action == A.MERGE:
        master = case.merged_into
        CaseStep.objects.create(
            case=master, action=A.MERGE, from_state=master.state, to_state=master.state, by=by,
            note=_("诉求 #%(pk)s（%(date)s反映）与本件相同，已并入本件合并办理。%(note)s")
            % {"pk": case.pk, "date": f"{case.raised_on:%Y年%m月%d日}", "note": step.note},
            department=master.department, handler=master.handler, due_date=master.due_date,
        )  # a note: the master's current step (and its overdue reminder) stays as it was
        case.clusters.clear()
    elif action == A.UNMERGE:
        cluster_check(case=case)


def _reopen(case, *, by, note, **_ignored) -> Move:
    """重办: back to whoever handled the case last, before it closed (the step that put it in
    that state), with the reason as the step's note; the reopening is counted."""
    _required(note, _("请填写重办的理由。"))
    closing = _closing_step(case)
    before = closing and case.steps.filter(
        pk__lt=closing.pk, to_state=closing.from_state
    ).select_related("handler", "department").order_by("-pk").first()
    handler = before.handler if before and before.handler else case.activity.workroom.clerk
    # The next closing has no callback yet (cases.callbacks keeps its answer on the case).
    cleared = dict.fromkeys(["callback_channel", "callback_solved", "callback_satisfaction"], "")
    return Move(fields={"reopen_count": case.reopen_count + 1, **cleared},
                department=before.department if before else None, handler=handler)


@transaction.atomic
def case_reopen_at_callback(*, case: Case, reason: str, by: User | None = None,
                            today: dt.date | None = None) -> Case:
    """重办 because of the resident's answer to the callback (未解决 or a bad rating), which
    needs no staff decision: `cases.callbacks` checks the reopening window first."""
    case = Case.objects.select_for_update().select_related("town", "activity__workroom").get(
        pk=case.pk
    )
    new_state = _transition(case, A.REOPEN)
    move = _reopen(case, by=by, note=reason)
    _check_lengths(move, reason)
    return _apply(case, A.REOPEN, new_state, move, by, reason, today or timezone.localdate())


MOVES = {
    A.MERGE: _merge, A.UNMERGE: _unmerge,
    A.ANSWER: _answer, A.SUBMIT_TO_LEADER: _submit_to_leader, A.INSTRUCT: _instruct,
    A.PASS_TO_DISTRICT: _pass_to_district, A.REPLY: _reply, A.TO_PETITION: _to_petition,
    A.PETITION_OUTCOME: _petition_outcome, A.FEEDBACK: _feedback, A.TO_MEMBER: _to_member,
    A.FILE: _file, A.REFUSE: _refuse, A.REOPEN: _reopen,
}


# ---------------------------------------------------------------------------------------
# Telling people


def members_to_tell(case: Case) -> list[Member]:
    """The members who took the case on, or else those present when it was raised."""
    return list(case.members.all()) or list(case.activity.members_present.all())


def _tell_handler(case: Case, step: CaseStep) -> None:
    reopened = step.action == A.REOPEN
    body = _("%(room)s登记的「%(topic)s」诉求（#%(pk)s）现为“%(state)s”，请于%(due)s前办理。")
    if reopened:
        body = _("%(room)s登记的「%(topic)s」诉求（#%(pk)s）已重办，退回您办理（现为“%(state)s”），"
                 "请于%(due)s前办理。重办理由：%(reason)s")
    notify(
        people=[case.handler], key=f"case:{case.pk}:step:{step.pk}:assigned",
        subject=_("群众诉求重办，请您办理") if reopened else _("有一件群众诉求请您办理"),
        body=body % (_case_words(case) | {"reason": step.note}), link=case_link(case),
    )


def _tell_outcome(case: Case) -> None:
    """规范 第十三条: the member hears the outcome; the resident too, if they agreed, in
    their own words with the receipt number (cases.status: the one path of the resident's
    messages). A case closed again after a reopening is told again. The members of every
    duplicate merged into it hear too, about the request they heard (its own key), each
    member once."""
    key = f"case:{case.pk}:outcome" + (f":{case.reopen_count}" if case.reopen_count else "")
    duplicates = case.duplicates.filter(state=S.MERGED, voided_at=None).select_related(
        "activity__workroom", "topic"
    ).order_by("pk")
    told: set[int] = set()
    for raised in [case, *duplicates]:
        people = [m for m in members_to_tell(raised) if m.pk not in told]
        told.update(m.pk for m in people)
        words = _case_words(raised) | {"outcome": case.outcome}
        notify(
            people=people, key=key.replace(f"case:{case.pk}:", f"case:{raised.pk}:", 1),
            subject=_("群众诉求办理结果"),
            body=_("%(date)s在%(room)s反映的「%(topic)s」问题：%(outcome)s") % words,
            link=case_link(raised),
        )
    resident_tell_outcome(case=case, key=key)


def case_link(case: Case) -> str:
    """The case's page, where whoever is told of it reads it and takes their next step."""
    return reverse("cases:case", args=[case.pk])


def _case_words(case: Case) -> dict:
    return {
        "pk": case.pk, "room": case.activity.workroom.name, "topic": case.topic.name,
        "state": case.get_state_display(), "date": f"{case.raised_on:%Y年%m月%d日}",
        "due": f"{case.due_date:%Y年%m月%d日}" if case.due_date else "",
    }


# ---------------------------------------------------------------------------------------
# Overdue steps: the handler and the district staff are reminded once per step


def cases_remind_overdue(*, today: dt.date) -> int:
    """Remind about every overdue step not reminded before; returns how many."""
    overdue = (
        Case.objects.overdue(today).exclude(current_step=None)
        .select_related("current_step__handler", "activity__workroom__town", "topic")
    )
    reminded = 0
    for case in overdue:
        # The claim and the reminders commit together: a worker killed in between leaves
        # neither, and the redelivered task reminds once.
        with transaction.atomic():
            claimed = CaseStep.objects.filter(
                pk=case.current_step_id, overdue_reminded_at=None
            ).update(overdue_reminded_at=timezone.now())
            if claimed == 1:  # else another run reminded about this step already
                _remind_overdue(case)
                reminded += 1
    return reminded


def _remind_overdue(case: Case) -> None:
    district_id = case.activity.workroom.town.district_id
    people = list(User.objects.district_staff(district_id))
    if case.current_step.handler and case.current_step.handler not in people:
        people.insert(0, case.current_step.handler)
    notify(
        people=people, key=f"case:{case.pk}:step:{case.current_step_id}:overdue",
        subject=_("群众诉求办理超期"),
        body=_("%(room)s登记的「%(topic)s」诉求（#%(pk)s）“%(state)s”环节已超过办理期限"
               "（%(due)s），请尽快办理。") % _case_words(case), link=case_link(case),
    )


# ---------------------------------------------------------------------------------------
# Concentrated opinions (集中反映): 规范 第十三条（四）


def cluster_check(*, case: Case) -> list[Cluster]:
    """Flag the case's topic in its town/street, and in its district, once the number of
    cases within the window reaches the threshold (settings), and suggest route (四)."""
    window = RoutingSetting.objects.value(SettingKey.CLUSTER_WINDOW_DAYS)
    since = case.raised_on - dt.timedelta(days=window - 1)
    recent = Case.objects.not_voided().exclude(state=CaseState.MERGED).filter(
        topic_id=case.topic_id, raised_on__range=(since, case.raised_on)
    )  # a merged duplicate is counted once, with its master
    scopes = (
        (case.town, SettingKey.CLUSTER_THRESHOLD_TOWN, recent.filter(town_id=case.town_id)),
        (None, SettingKey.CLUSTER_THRESHOLD_DISTRICT,
         recent.filter(town__district_id=case.town.district_id)),
    )
    flagged = []
    for town, threshold_key, same in scopes:
        cases = list(same)
        if len(cases) >= RoutingSetting.objects.value(threshold_key):
            flagged.append(_cluster_join(case, town, cases, since))
    return flagged


def _cluster_join(case: Case, town, cases: list[Case], since: dt.date) -> Cluster:
    dates = [c.raised_on for c in cases]
    cluster = Cluster.objects.filter(
        topic_id=case.topic_id, district_id=case.town.district_id, town=town,
        last_date__gte=since,
    ).order_by("-last_date").first()
    if cluster is None:
        cluster = Cluster.objects.create(
            topic_id=case.topic_id, district_id=case.town.district_id, town=town,
            first_date=min(dates), last_date=max(dates),
        )
    else:
        cluster.first_date = min([cluster.first_date, *dates])
        cluster.last_date = max([cluster.last_date, *dates])
        cluster.save(update_fields=["first_date", "last_date"])
    cluster.cases.add(*cases)
    _suggest_member_route(cluster)
    return cluster


def _suggest_member_route(cluster: Cluster) -> None:
    """Each member involved hears once per cluster (the notification key), with a link to
    the latest case of the cluster they took on or heard at a reception (one they may read:
    the case page shows the cluster)."""
    members = Member.objects.filter(
        Q(cases__clusters=cluster) | Q(community_activities__cases__clusters=cluster)
    ).distinct()
    words = {"place": cluster.place, "topic": cluster.topic.name, "n": cluster.cases.count()}
    for member in members:
        theirs = cluster.cases.filter(
            Q(members=member) | Q(activity__members_present=member)
        ).order_by("-raised_on", "-pk").first()
        notify(
            people=[member], key=f"cluster:{cluster.pk}:suggest",
            subject=_("群众集中反映的意见建议"),
            body=_("%(place)s群众近期集中反映「%(topic)s」方面的问题（%(n)s件）。"
                   "按规范 第十三条（四），建议您经调查研究后提交提案或社情民意信息。") % words,
            link=case_link(theirs) if theirs else "",
        )


# Consultation topics (协商议题建议): 举措 四（三）


@transaction.atomic
def consultation_topic_propose(*, cluster: Cluster, title: str, reason: str,
                               by: User) -> ConsultationTopic:
    """举措 四（三）: a cluster's widespread problem put forward as a consultation topic, for
    the CPPCC's plan of consultation and democratic supervision. The district's staff are
    told; they record whether it entered the plan (`consultation_topic_decide`)."""
    if ConsultationTopic.objects.filter(cluster=cluster).exists():
        raise ValidationError(_("该集中反映已提出过协商议题建议。"))
    topic = ConsultationTopic(cluster=cluster, district_id=cluster.district_id, title=title,
                              reason=reason, proposed_by=by)
    topic.full_clean()
    topic.save()
    staff = User.objects.district_staff(cluster.district_id)
    notify(
        people=list(staff), key=f"consultation-topic:{topic.pk}:proposed",
        subject=_("协商议题建议：%(title)s") % {"title": title},
        body=_("根据%(cluster)s（%(n)s件），提出协商议题建议（举措 四（三））：%(title)s\n"
               "%(reason)s\n请在管理后台“协商议题建议”中处理。")
        % {"cluster": cluster, "n": cluster.cases.count(), "title": title, "reason": reason},
        link=reverse("admin:cases_consultationtopic_change", args=[topic.pk]),
    )
    return topic


@transaction.atomic
def consultation_topic_decide(*, topic: ConsultationTopic, state: str, note: str,
                              by: User) -> ConsultationTopic:
    """Whether the topic entered the consultation plan, with who decided and when; the one
    who proposed it is told. A later change is kept in the history and told again."""
    if state not in (TopicState.ADOPTED, TopicState.DECLINED):
        raise ValidationError(_("请选择“已纳入协商计划”或“暂不纳入”。"))
    topic.state, topic.decision_note = state, note
    topic.decided_by, topic.decided_at = by, timezone.now()
    topic.full_clean()
    topic.save()
    if topic.proposed_by_id:
        notify(
            people=[topic.proposed_by],
            key=f"consultation-topic:{topic.pk}:decided:{topic.decided_at.isoformat()}",
            subject=_("协商议题建议已处理：%(title)s") % {"title": topic.title},
            body=_("您提出的协商议题建议“%(title)s”：%(state)s。%(note)s")
            % {"title": topic.title, "state": topic.get_state_display(), "note": note},
            link=reverse("cases:clusters"),
        )
    return topic
