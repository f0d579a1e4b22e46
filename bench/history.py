"""The generator's second half: three years of history on the world of bench.world.

Every reception the plan gives (规范 第九条, computed with the plan service's own
`nominal_dates` and `DayMover`), activities (reception days and the other forms of
规范 第十条) with the members present, visitors, cases over every route and state of
规范 第十一条, 规范 第十三条 with their steps (walked through `cases.services.TRANSITIONS`),
duty records (one per held activity, one per filed case, the rest of every kind, joint
ones with co-authors) and sectors' collective activities.

The loop with the resident on those cases: a callback after each closing (answered by
phone, SMS link or in person, or recorded as 逾期未答复 once the wait passed), a reopening
(重办) after an unsolved or badly rated answer, closed again and called back again, and
duplicates merged into an earlier case of the same town (已并入). LOOP gives the shares.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from . import names
from .db import copy_rows, m2m_rows
from .world import TZ, Ids, World

ACTIVITIES, VISITORS, CASES, DUTY_RECORDS = 20_000, 60_000, 80_000, 100_000
OTHER_FORMS = ("research", "residents_consultation", "policy_briefing", "legal_advice",
               "sector_activity")
# Whole paths a case may take; a case stops early when its next step would be after today,
# and one in twelve stalls on the way (open, and overdue once its due date passes).
PATHS = (
    (22, ("answer",)),  # 规范 第十三条（一）
    (14, ("submit_to_leader", "instruct", "reply")),  # （二）town office
    (8, ("submit_to_leader", "pass_to_district", "reply")),  # （二）district department
    (3, ("submit_to_leader", "instruct", "pass_to_district", "reply")),
    (8, ("to_petition", "petition_outcome", "feedback")),  # （三）
    (7, ("to_member", "file")),  # （四）
    (5, ("refuse",)),  # 规范 第十一条
)
# The loop with the resident (shares of closed cases, of answers, of new cases): in line
# with what 12345 hotlines publish (most answer; about one in ten unsolved; a few percent
# reopened; a few percent duplicates).
LOOP = {
    "wait_days": 7,          # a callback is recorded once this many days after the closing
    "answered": 0.72,        # the rest: 逾期未答复
    "channels": (("phone", 55), ("sms", 35), ("in_person", 10)),
    "solved": (("solved", 72), ("partly", 18), ("unsolved", 10)),
    "reopen": 0.6,           # of unsolved or badly rated answers
    "merge": 0.03,           # of new cases: a duplicate of an earlier case of the same town
}
SATISFACTION = {  # by the answer to "solved?"
    "solved": (("very_satisfied", 45), ("satisfied", 40), ("basically_satisfied", 13),
               ("dissatisfied", 2)),
    "partly": (("satisfied", 20), ("basically_satisfied", 45), ("dissatisfied", 30),
               ("very_dissatisfied", 5)),
    "unsolved": (("basically_satisfied", 10), ("dissatisfied", 55), ("very_dissatisfied", 35)),
}
BAD = {"dissatisfied", "very_dissatisfied"}
PROCEDURES = (("litigation", "人民法院"), ("reconsideration", "人民政府行政复议机构"),
              ("arbitration", "劳动人事争议仲裁委员会"), ("other", "公证处"))


@dataclass
class History:
    held: list = field(default_factory=list)  # held activities: (id, room, date, members)
    visitors: dict = field(default_factory=lambda: defaultdict(list))
    counts: dict = field(default_factory=dict)


def local(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def build_history(*, world: World, rng: random.Random, scale: int, years: list[int],
                  ids: Ids) -> History:
    from django.db import transaction

    history = History()
    with transaction.atomic():
        receptions = _receptions(world, rng, ids, years)
    with transaction.atomic():
        records = _activities(world, rng, ids, receptions, history, ACTIVITIES * scale, years)
    with transaction.atomic():
        _visitors(world, rng, ids, history, VISITORS * scale)
    with transaction.atomic():  # cases, their steps and filed records point at each other
        _cases(world, rng, ids, history, CASES * scale)
    with transaction.atomic():
        _duty_records(world, rng, ids, history, records, DUTY_RECORDS * scale, years)
    with transaction.atomic():
        _sector_activities(world, rng, years)
    return history


# --- receptions (规范 第九条) ----------------------------------------------------------------


def _receptions(world, rng, ids, years) -> list[dict]:
    from receptions.models import DistrictReceptionRule, Notice, Reception
    from receptions.services import DayMover, nominal_dates

    rules = {rule.district_id: rule for rule in DistrictReceptionRule.objects.all()}
    names_of = {m["id"]: m["name"] for m in world.members}
    rows, duty, notices = [], [], []
    for year in years:
        mover = DayMover(year=year)
        for room in (r for r in world.workrooms if r["active"]):
            rule = rules.get(room["district"])
            weekends_off = not (rule and rule.weekends_count_as_working)
            for nominal in nominal_dates(year=year, rule=rule, monthly=room["monthly"]):
                date, reason = mover.move(nominal, district_id=room["district"],
                                          weekends_off=weekends_off)
                rows.append(_reception(world, rng, ids, room, nominal, date, reason))
    for r in rows:
        duty += [(r["id"], m) for m in r["members"]]
        if r["noticed"]:
            notices.append((r["id"], "notice", 1, "", {
                "workroom": r["room"]["name"], "date": r["date"].isoformat(),
                "starts_at": "09:00", "ends_at": "11:30", "place": r["room"]["address"],
                "members": [names_of[m] for m in r["members"]], "cancelled": False,
                "member_ids": r["members"],
            }, r["noticed"]))
    copy_rows(Reception, ["id", "workroom", "nominal_date", "date", "move_reason", "place",
                          "status", "notice_published_at"],
              ((r["id"], r["room"]["id"], r["nominal"], r["date"], r["reason"],
                r["room"]["address"], r["status"], r["noticed"]) for r in rows))
    m2m_rows(Reception, "members", duty)
    copy_rows(Notice, ["reception", "kind", "sequence", "pdf", "content", "published_at"],
              notices)
    return rows


def _reception(world, rng, ids, room, nominal, date, reason) -> dict:
    from receptions.models import Reception

    today = world.today
    if date < today:
        status = "cancelled" if rng.random() < 0.05 else "held"
    elif date <= today + dt.timedelta(days=3):
        status = "published"
    else:
        status = "planned"
    noticed = local(date - dt.timedelta(days=3)) if status in {"held", "published"} else None
    members = world.room_members[room["id"]]
    on_duty = sorted(rng.sample(members, min(len(members), rng.choice((1, 2, 2)))))
    return {"id": ids.take(Reception, 1)[0], "room": room, "nominal": nominal, "date": date,
            "reason": reason, "status": status, "noticed": noticed, "members": on_duty}


# --- activities (规范 第十条) and their duty records (规范 第十四条) -----------------------


def _activities(world, rng, ids, receptions, history, count, years) -> list[tuple]:
    from cases.models import Activity

    held_receptions = [r for r in receptions if r["status"] == "held"]
    on_days = rng.sample(held_receptions, min(len(held_receptions), int(count * 0.45)))
    rooms = [r for r in world.workrooms if r["active"]]
    others = rng.choices(rooms, [r["weight"] for r in rooms], k=count - len(on_days))
    start, days = dt.date(years[0], 1, 1), (world.today - dt.date(years[0], 1, 1)).days
    plans = [(r["room"], r["id"], "reception_day", r["date"]) for r in on_days]
    plans += [(room, None, rng.choice(OTHER_FORMS),
               start + dt.timedelta(days=rng.randrange(days))) for room in others]
    plans.sort(key=lambda p: p[3])
    rows, present, records = [], [], []
    for (room, reception, form, date), pk in zip(plans, ids.take(Activity, len(plans)),
                                                 strict=True):
        members = world.room_members[room["id"]]
        chosen = sorted(rng.sample(members, min(len(members), rng.choice((1, 2, 2, 3)))))
        draft = reception is None and rng.random() < 0.03
        present += [(pk, m) for m in chosen]
        rows.append(_activity_row(rng, pk, room, reception, form, date, draft))
        if not draft:
            history.held.append((pk, room, date, chosen))
            records.append(_ledger_record(world, rng, pk, room, form, date, chosen))
    copy_rows(Activity, ["id", "workroom", "reception", "form", "date", "attendance",
                         "summary", "status", "recorded_by", "held_at", "created_at",
                         "updated_at"], rows)
    m2m_rows(Activity, "members_present", present)
    history.counts["activities"] = len(rows)
    return records


def _activity_row(rng, pk, room, reception, form, date, draft) -> tuple:
    if draft:
        date = date if rng.random() < 0.5 else None
        form = form if rng.random() < 0.5 else None  # no form yet: NULL (scoring.ActivityForm)
    created = local(date or dt.date(2024, 1, 2), 17)
    return (pk, room["id"], reception, form, date, rng.randint(5, 60),
            "委员接待来访群众，逐一登记诉求并当场解答政策问题。", "draft" if draft else "held",
            room["clerk"], None if draft else local(date, 18), created, created)


FORM_LABELS = {"reception_day": "委员接待日", "research": "基层调研",
               "residents_consultation": "居民协商会", "policy_briefing": "政策宣讲",
               "legal_advice": "法律和信息咨询", "sector_activity": "界别活动"}


def _ledger_record(world, rng, pk, room, form, date, members) -> tuple:
    """The community-activity record `activity_mark_held` would create (clerk-entered;
    nine in ten confirmed by the district's staff)."""
    confirmed = rng.random() < 0.9
    staff = world.users[("district", room["district"])]
    return ("community_activity", form, f"{room['name']}{FORM_LABELS[form]}", date, "",
            "ledger", f"activity:{pk}", room["clerk"], confirmed,
            staff if confirmed else None,
            local(date + dt.timedelta(days=5), 10) if confirmed else None, local(date, 18),
            members)


# --- visitors ----------------------------------------------------------------------------


def _visitors(world, rng, ids, history, count) -> None:
    from cases.models import Visitor

    town_name = {t["id"]: t["name"] for ts in world.towns_by_district.values() for t in ts}
    rows = []
    for n, (activity, room, date, _members) in enumerate(rng.choices(history.held, k=count)):
        pk = ids.take(Visitor, 1)[0]
        has_phone = rng.random() < 0.6
        consent = has_phone and rng.random() < 0.7
        rows.append((pk, activity, names.person_name(rng),
                     names.phone(10**8 + n) if has_phone else "",
                     f"{town_name[room['town']]}{rng.choice(names.ROADS)}{rng.randint(1, 99)}号",
                     consent, local(date, 10), local(date, 10) if consent else None))
        history.visitors[activity].append(pk)
    # name, phone and address are encrypted at rest (privacy.fields): COPY stores what the
    # field's own get_db_prep_save makes (bench.db.Table).
    copy_rows(Visitor, ["id", "activity", "name", "phone", "address", "consent_to_contact",
                        "created_at", "consent_recorded_at"], rows)
    history.counts["visitors"] = len(rows)


# --- cases (规范 第十一条, 规范 第十三条) ----------------------------------------------------


class CaseWalk:
    """One case walked along its path, step by step, as `cases.services.case_route` would."""

    def __init__(self, gen: CaseGenerator, pk: int, held: tuple):
        self.gen, self.pk = gen, pk
        self.activity, self.room, self.date, self.present = held
        world, rng = gen.world, gen.rng
        towns = world.towns_by_district[self.room["district"]]
        self.town = self.room["town"] if rng.random() < 0.9 else rng.choice(towns)["id"]
        self.lead = world.users[("town", self.town)]
        self.fields = {"state": "registered", "route": "", "department": None,
                       "handler": self.room["clerk"], "instruction": "", "outcome": "",
                       "feedback_note": "", "feedback_at": None, "referred_procedure": "",
                       "referred_body": "", "duty_record": None, "closed_at": None,
                       "members": [], "reopen_count": 0, "merged_into": None}
        self.steps = []
        # (round, channel, solved, satisfaction, comment, called_at, recorded_at)
        self.callbacks = []

    def run(self, path, stall_after: int | None, master: int | None = None) -> None:
        when = local(self.date, 10)
        self.step("register", self.room["clerk"], when)
        if master is not None:  # a duplicate: merged into the master the next working hours
            self.merge(master, when + dt.timedelta(hours=self.gen.rng.randint(1, 30)))
            return
        for n, action in enumerate(path):
            when += dt.timedelta(days=self._days(n), hours=self.gen.rng.randint(0, 6))
            if when.date() > self.gen.world.today or n == stall_after:
                break
            self.step(action, self.actor(action), when)
        if self.fields["state"] == "closed":
            self.called_back(path)

    def _days(self, n: int) -> int:
        """Days before the n-th move: the first (signing for it, 响应) mostly within its
        time limit, one in twelve late; the others 1–12 days."""
        rng = self.gen.rng
        if n == 0:
            return rng.randint(3, 6) if rng.random() < 1 / 12 else rng.randint(0, 2)
        return rng.randint(1, 12)

    def merge(self, master: int, when: dt.datetime) -> None:
        if when.date() > self.gen.world.today:
            return
        self.fields["merged_into"] = master
        self.record("merge", self.room["clerk"], when, "registered", "merged", None,
                    "与已登记的诉求相同，并入合并办理。")

    def called_back(self, path) -> None:
        """The callback after the closing; an unsolved or badly rated answer may reopen the
        case to its last handler, which closes it again and is called back again."""
        rng, loop = self.gen.rng, LOOP
        closed = self.fields["closed_at"]
        called = closed + dt.timedelta(days=rng.randint(1, loop["wait_days"]), hours=2)
        if called.date() > self.gen.world.today:
            return  # still within the wait: no answer yet, none recorded
        round_ = self.fields["reopen_count"]
        if rng.random() >= loop["answered"]:
            waited = closed + dt.timedelta(days=loop["wait_days"])
            if waited.date() <= self.gen.world.today:  # the job records it once the wait passed
                self.callbacks.append((round_, "no_answer", "", "", "", None, waited))
            return
        channel = _pick(rng, loop["channels"])
        solved = _pick(rng, loop["solved"]) if round_ == 0 else "solved"
        satisfaction = _pick(rng, SATISFACTION[solved])
        self.callbacks.append((round_, channel, solved, satisfaction,
                               "" if solved == "solved" else "问题仍未彻底解决。", called, called))
        if round_ == 0 and (solved == "unsolved" or satisfaction in BAD) \
                and rng.random() < loop["reopen"]:
            self.reopen(path, called + dt.timedelta(hours=1))

    def reopen(self, path, when: dt.datetime) -> None:
        """重办: back to the state the case closed from, due again; replied again later."""
        before = next(s[3] for s in reversed(self.steps) if s[4] == "closed")
        closing = next(s[2] for s in reversed(self.steps) if s[4] == "closed")
        f = self.fields
        f["reopen_count"] += 1
        f["closed_at"] = None
        handler = self.lead if before != "registered" else self.room["clerk"]
        self.record("reopen", self.room["clerk"], when, "closed", before, handler,
                    "群众回访答复未解决，重办。", due=self.gen.due(before, when.date()))
        f["state"] = before
        again = when + dt.timedelta(days=self.gen.rng.randint(2, 15))
        if again.date() <= self.gen.world.today:
            self.record(closing, handler, again, before, "closed", None, "重办后已答复。")
            f["state"], f["closed_at"] = "closed", again
            self.called_back(path)

    def record(self, action, by, when, before, after, handler, note, due=None) -> None:
        """A step written as it happened (moves outside TRANSITIONS: merge, reopen)."""
        f = self.fields
        step_id = self.gen.ids.take(self.gen.step_model, 1)[0]
        self.steps.append((step_id, self.pk, action, before, after, by, when, note,
                           None, handler, due))
        f["state"], f["handler"], f["due_date"], f["current_step"] = after, handler, due, step_id

    def actor(self, action: str) -> int:
        world, district = self.gen.world, self.room["district"]
        if action in {"instruct", "pass_to_district"}:
            return self.lead
        if action == "file" or (action == "reply"
                                and self.fields["state"] == "with_district_department"):
            return world.users[("district", district)]
        if action == "reply":
            return self.lead
        return self.room["clerk"]

    def step(self, action: str, by: int, when: dt.datetime) -> None:
        from cases.services import ROUTE_OF, TRANSITIONS

        before = self.fields["state"]
        after = "registered" if action == "register" else TRANSITIONS[(before, action)]
        department, handler, note = self.gen.move(self, action, by, when)
        closing = after in {"closed", "refused"}
        f = self.fields
        f["state"], f["route"] = after, f["route"] or ROUTE_OF.get(action, "")
        f["department"] = department or f["department"]
        f["handler"] = None if closing else handler
        f["closed_at"] = when if closing else None
        due = None if closing else self.gen.due(after, when.date())
        step_id = self.gen.ids.take(self.gen.step_model, 1)[0]
        self.steps.append((step_id, self.pk, action, "" if action == "register" else before,
                           after, by, when, note, department, f["handler"], due))
        f["due_date"], f["current_step"] = due, step_id


class CaseGenerator:
    def __init__(self, world, rng, ids):
        from cases.models import ROUTING_DEFAULTS, CaseStep
        from cases.services import DUE_SETTING

        self.world, self.rng, self.ids, self.step_model = world, rng, ids, CaseStep
        self.due_days = {state: ROUTING_DEFAULTS[key] for state, key in DUE_SETTING.items()}
        self.records = []  # duty records of filed cases

    def due(self, state: str, day: dt.date) -> dt.date | None:
        days = self.due_days.get(state)
        return None if days is None else day + dt.timedelta(days=math.ceil(days * 7 / 5))

    def move(self, walk: CaseWalk, action: str, by: int, when) -> tuple:
        """(department, handler, note) of one move, filling the case's fields."""
        rng, f, world = self.rng, walk.fields, self.world
        district = walk.room["district"]
        if action == "register":
            return None, walk.room["clerk"], ""
        if action == "answer":
            f["outcome"] = "已当场答复，并联系有关科室跟进。"
        elif action == "submit_to_leader":
            return None, walk.lead, ""
        elif action == "instruct":
            f["instruction"] = "请相关科室牵头，一周内答复群众。"
            return rng.choice(world.offices[walk.town]), by, ""
        elif action == "pass_to_district":
            return (rng.choice(world.district_departments[district]), by,
                    "超出镇（街）职责范围，转区职能部门。")
        elif action == "reply":
            f["outcome"] = "承办部门已答复并落实整改。"
        elif action == "to_petition":
            return world.petition_office[district], by, ""
        elif action == "petition_outcome":
            f["outcome"] = "信访部门已受理并书面答复。"
            return None, f["handler"] or by, ""
        elif action == "feedback":
            f["feedback_note"], f["feedback_at"] = "已当面向接待委员通报办理情况。", when
        elif action == "to_member":
            f["members"] = walk.present
            return None, world.member_user.get(walk.present[0], by), ""
        elif action == "file":
            f["duty_record"] = self._filed_record(walk, by, when)
        elif action == "refuse":
            procedure, body = rng.choice(PROCEDURES)
            f["referred_procedure"] = procedure
            f["referred_body"] = f"{_district_name(world, district)}{body}"
        return None, None, ""

    def _filed_record(self, walk: CaseWalk, by: int, when) -> int:
        from scoring.models import DutyRecord

        pk = self.ids.take(DutyRecord, 1)[0]
        kind = self.rng.choice(("proposal", "social_report"))
        label = "提案" if kind == "proposal" else "社情民意信息"
        self.records.append((kind, None, f"关于群众诉求#{walk.pk}的{label}", when.date(),
                             f"源自群众诉求 #{walk.pk}", "case", f"case:{walk.pk}", by, True, by,
                             when, when, walk.fields["members"], pk))
        return pk


def _district_name(world, district_id) -> str:
    return next(d["name"] for d in world.districts if d["id"] == district_id)


CASE_FIELDS = ["id", "activity", "visitor", "topic", "town", "community", "content",
               "raised_on", "state", "route", "department", "handler", "due_date",
               "current_step", "instruction", "outcome", "feedback_note", "feedback_at",
               "referred_procedure", "referred_body", "duty_record", "created_by",
               "created_at", "closed_at", "reopen_count", "merged_into", "registered_due",
               "signed_for_on", "closed_from_due", "district", "raised_district",
               "callback_channel", "callback_solved", "callback_satisfaction"]
STEP_FIELDS = ["id", "case", "action", "from_state", "to_state", "by", "at", "note",
               "department", "handler", "due_date"]


def _cases(world, rng, ids, history, count) -> None:
    from cases.models import Case, CaseStep

    gen = CaseGenerator(world, rng, ids)
    weights, paths = zip(*PATHS, strict=True)
    rows, steps, members = [], [], []
    district_of = {town["id"]: district for district, towns in world.towns_by_district.items()
                   for town in towns}
    callbacks, latest_in_town = [], {}
    for held, pk in zip(rng.choices(history.held, k=count), ids.take(Case, count), strict=True):
        walk = CaseWalk(gen, pk, held)
        path = rng.choices(paths, weights)[0]
        master = latest_in_town.get(walk.town) if rng.random() < LOOP["merge"] else None
        walk.run(path, rng.randrange(len(path)) if rng.random() < 1 / 12 else None, master)
        if master is None:
            latest_in_town[walk.town] = pk
        callbacks += [(pk, *c) for c in walk.callbacks]
        # The two districts Case.save keeps: the town's, the workroom's.
        rows.append((*_case_row(walk, rng, history), district_of[walk.town],
                     walk.room["district"], *_callback_facts(walk)))
        steps += walk.steps
        members += [(pk, m) for m in walk.fields["members"]]
    _write_records(gen.records)  # cases point at them
    copy_rows(Case, CASE_FIELDS, rows)
    copy_rows(CaseStep, STEP_FIELDS, steps)
    m2m_rows(Case, "members", members)
    _write_callbacks(world, ids, callbacks, {row[0]: row[4] for row in rows})
    history.counts.update(
        cases=len(rows), case_steps=len(steps), cases_filed=len(gen.records),
        callbacks=len(callbacks),
        callbacks_answered=sum(1 for c in callbacks if c[2] != "no_answer"),
        reopened=sum(1 for s in steps if s[2] == "reopen"),
        merged=sum(1 for s in steps if s[2] == "merge"),
    )


CALLBACK_FIELDS = ["id", "case", "round", "channel", "solved", "satisfaction", "comment",
                   "called_at", "recorded_by", "recorded_at"]


def _write_callbacks(world, ids, callbacks, town_of) -> None:
    """Callbacks as recorded: answered ones with who called (the town's lead), when; the
    no-answer record by the job (no one), at the end of the wait."""
    from cases.models.loop import Callback

    rows = []
    for pk, (case, round_, channel, solved, satisfaction, comment, called, at) in zip(
            ids.take(Callback, len(callbacks)), callbacks, strict=True):
        by = world.users.get(("town", town_of[case])) if called else None
        rows.append((pk, case, round_, channel, solved, satisfaction, comment, called, by, at))
    copy_rows(Callback, CALLBACK_FIELDS, rows)


def _pick(rng, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _case_row(walk: CaseWalk, rng, history) -> tuple:
    f, visitors = walk.fields, history.visitors.get(walk.activity)
    visitor = rng.choice(visitors) if visitors and rng.random() < 0.85 else None
    content = rng.choice(names.CONTENTS)
    return (walk.pk, walk.activity, visitor, rng.choice(walk.gen.world.topics), walk.town,
            walk.room["community"], content, walk.date, f["state"],
            f["route"], f["department"], f["handler"], f["due_date"], f["current_step"],
            f["instruction"], f["outcome"], f["feedback_note"], f["feedback_at"],
            f["referred_procedure"], f["referred_body"], f["duty_record"], walk.room["clerk"],
            local(walk.date, 10), f["closed_at"], f["reopen_count"], f["merged_into"],
            *_step_facts(walk.steps))


def _callback_facts(walk: CaseWalk) -> tuple:
    """What cases.callbacks keeps on the case: the answer after its latest closing."""
    latest = [c for c in walk.callbacks if c[0] == walk.fields["reopen_count"]]
    return tuple(latest[-1][1:4]) if latest else ("", "", "")


def _step_facts(steps) -> tuple:
    """What cases.services keeps on the case (cases.models.cases.step_facts counts the
    same): the first registration's due date, the day it first left 已登记，待分办 (a merge
    is no signing for), the due date of its latest step that is not a closing."""
    from django.utils import timezone

    ordered = sorted(steps, key=lambda s: (s[6], s[0]))  # (at, pk)
    registered = next((s[10] for s in ordered if s[2] == "register"), None)
    signed = next((timezone.localdate(s[6]) for s in ordered
                   if s[3] == "registered" and s[2] != "merge"), None)
    before_closing = next((s[10] for s in reversed(ordered) if s[4] != "closed"), None)
    return registered, signed, before_closing


# --- duty records ------------------------------------------------------------------------

RECORD_FIELDS = ["kind", "activity_form", "title", "date", "evidence", "source", "source_ref",
                 "entered_by", "confirmed", "confirmed_by", "confirmed_at", "created_at"]
CITY_KINDS = {"proposal": 20, "social_report": 20, "committee_research": 10,
              "standing_deliberation": 5, "consultation": 10, "online": 10, "grassroots": 10,
              "constituent_contact": 8, "member_workroom": 3, "speech": 4}
OTHER_KINDS = {"proposal": 15, "social_report": 15, "committee_research": 3,
               "consultation": 10, "online": 15, "grassroots": 15, "constituent_contact": 5,
               "member_workroom": 5, "speech": 3}


def _write_records(records) -> None:
    """Rows of (*RECORD_FIELDS, members, id) into the table and its M2M."""
    from scoring.models import DutyRecord

    copy_rows(DutyRecord, [*RECORD_FIELDS, "id"], (r[:-2] + (r[-1],) for r in records))
    m2m_rows(DutyRecord, "members", ((r[-1], m) for r in records for m in r[-2]))


def _duty_records(world, rng, ids, history, ledger_records, total, years) -> None:
    from scoring.models import DutyRecord

    ledger = [r + (pk,) for r, pk in zip(ledger_records, ids.take(DutyRecord, len(ledger_records)),
                                         strict=True)]
    _write_records(ledger)
    active = [m for m in world.members if m["active"]]
    filed = history.counts.get("cases_filed", 0)
    count = max(0, total - len(ledger) - filed)
    start, days = dt.date(years[0], 1, 1), (world.today - dt.date(years[0], 1, 1)).days
    weights = [2 if m["level"] == "city" else 1 for m in active]
    rows = []
    for member, pk in zip(rng.choices(active, weights, k=count), ids.take(DutyRecord, count),
                          strict=True):
        rows.append(_other_record(world, rng, member, active, start, days, pk))
    _write_records(rows)
    history.counts["duty_records"] = len(ledger) + len(rows)


def _other_record(world, rng, member, active, start, days, pk) -> tuple:
    table = CITY_KINDS if member["level"] == "city" else OTHER_KINDS
    kinds = [k for k in table if k != "standing_deliberation" or member["standing"]]
    kind = rng.choices(kinds, [table[k] for k in kinds])[0]
    members = [member["id"]]
    if kind in {"proposal", "social_report"} and rng.random() < 0.3:  # joint (举措 三（一）)
        members += [m["id"] for m in rng.sample(active, rng.randint(1, 4))]
        members = sorted(set(members))
    date = start + dt.timedelta(days=rng.randrange(days))
    staff = (world.users[("committee", member["committee"])] if member["committee"]
             else world.users[("district", member["district"])])
    confirmed = rng.random() < 0.92
    return (kind, None, names.TITLES[kind].format(rng.choice(names.SUBJECTS)), date, "",
            rng.choice(("manual", "manual", "import")), "", staff, confirmed,
            staff if confirmed else None, local(date + dt.timedelta(days=7)) if confirmed else None,
            local(date, 16), members, pk)


def _sector_activities(world, rng, years) -> None:
    from members.models import Sector
    from scoring.choices import SectorActivityKind
    from scoring.models import SectorActivity

    city = world.users[("city", "")]
    rows = []
    for sector_id in Sector.objects.order_by("pk").values_list("pk", flat=True):
        for year in years:
            last = min(dt.date(year, 12, 31), world.today)
            for _ in range(rng.randint(2, 6)):
                date = dt.date(year, 1, 1) + dt.timedelta(
                    days=rng.randrange((last - dt.date(year, 1, 1)).days + 1))
                kind = rng.choice(SectorActivityKind.values)
                rows.append((sector_id, kind, date, f"{year}年界别{SectorActivityKind(kind).label}",
                             city, local(date, 16)))
    copy_rows(SectorActivity, ["sector", "kind", "date", "title", "entered_by", "created_at"],
              rows)
