"""Reception workflows: the yearly plan, the members on duty, the 3-day notice and its
corrections (规范 第八条, 规范 第九条). The admin, the clerk's pages, the command and the Celery
tasks all call these functions."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from core.links import site_base_url
from core.queueing import queue_now
from documents.pdf import render_pdf
from documents.qr import qr_png_data_uri
from members.models import Member
from notices.choices import Channel
from notices.services import notify
from regions.models import District
from scoring.quotas import VISITS_KIND, QuotaTable, visits_quota
from workrooms.models import Workroom

from .calendar import WorkCalendar
from .choices import NoticeKind, Ordinal, PlanAction, ReceptionStatus, Weekday
from .models import (
    NOTICE_DAYS,
    DistrictReceptionRule,
    ImportantEvent,
    MemberCalendarFeed,
    Notice,
    Reception,
)

# ---------------------------------------------------------------- the yearly plan


@dataclass
class PlanRow:
    workroom: Workroom
    nominal_date: dt.date
    date: dt.date
    reason: str
    action: PlanAction
    reception: Reception | None = None


@dataclass
class PlanResult:
    year: int
    district: District | None
    covered: bool
    rows: list[PlanRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, action: PlanAction) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def summary(self) -> str:
        return (
            f"{self.year}年接待计划：新建 {self.count(PlanAction.CREATED)} 场，"
            f"调整 {self.count(PlanAction.MOVED)} 场，"
            f"无变化 {self.count(PlanAction.UNCHANGED)} 场，"
            f"删除 {self.count(PlanAction.REMOVED)} 场。"
        )


def uncovered_year_warning(year: int) -> str:
    return (
        f"{year}年的法定节假日和调休安排尚未录入（国务院办公厅通知可能尚未公布），"
        f"本计划已避开周末、重要活动和按《全国年节及纪念日放假办法》推算的法定节日当天"
        f"（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节），但未考虑连休和调休，"
        f"日期均为暂定。节假日安排录入后请重新生成计划。"
    )


def nominal_dates(*, year: int, rule: DistrictReceptionRule | None, monthly: bool) -> list[dt.date]:
    """规范 第九条: the 15th of every odd month, or the district's own fixed day; every
    month for a workroom that opted into monthly receptions."""
    months = range(1, 13) if monthly else range(1, 13, 2)
    return [_nominal_day(year, month, rule) for month in months]


def _nominal_day(year: int, month: int, rule: DistrictReceptionRule | None) -> dt.date:
    if rule is not None and rule.day_of_month:
        return dt.date(year, month, rule.day_of_month)
    if rule is not None and rule.ordinal:
        return nth_weekday(year, month, rule.ordinal, rule.weekday)
    return dt.date(year, month, 15)


def nth_weekday(year: int, month: int, ordinal: int, weekday: int) -> dt.date:
    """The 2nd Wednesday (ordinal 2, weekday 2) or, with Ordinal.LAST, the last one."""
    if ordinal == Ordinal.LAST:
        last = dt.date(year, month, month_calendar.monthrange(year, month)[1])
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))


class DayMover:
    """顺延: from the nominal date to the first day that is neither a day off nor an
    important event of the city or the workroom's district. Loads its data once."""

    def __init__(self, *, year: int):
        self.calendars = {flag: WorkCalendar(weekends_off=flag) for flag in (True, False)}
        self.events: dict[dt.date, list[tuple[int | None, str]]] = defaultdict(list)
        rows = ImportantEvent.objects.filter(date__year__in=[year, year + 1])
        for date, district_id, title in rows.values_list("date", "district_id", "title"):
            self.events[date].append((district_id, title))

    def covers(self, year: int) -> bool:
        return self.calendars[True].covers(year)

    def move(
        self, nominal: dt.date, *, district_id: int, weekends_off: bool
    ) -> tuple[dt.date, str]:
        calendar = self.calendars[weekends_off]
        day, first_reason = nominal, ""
        while blocker := self._blocker(day, district_id, calendar):
            first_reason = first_reason or blocker
            day += dt.timedelta(days=1)
        if day == nominal:
            return day, ""
        return day, f"{nominal:%Y-%m-%d} {first_reason}，顺延至 {day:%Y-%m-%d}"

    def _blocker(self, day: dt.date, district_id: int, calendar: WorkCalendar) -> str:
        info = calendar.day(day)
        if info.off:
            return f"为{info.reason}"
        titles = [
            title for where, title in self.events.get(day, ()) if where in (None, district_id)
        ]
        return f"有重要活动（{'、'.join(titles)}）" if titles else ""


@transaction.atomic
def reception_plan_year(
    *, year: int, district: District | None = None, by=None, today: dt.date | None = None
) -> PlanResult:
    """Create or refresh the receptions of `year` for every active workroom (规范 第九条).

    Refreshing never duplicates (one reception per workroom and nominal date) and never
    moves a reception whose notice is out or whose date staff set by hand: those are
    reported in the result instead. Dates already past are neither created nor moved.
    """
    today = today or timezone.localdate()
    mover = DayMover(year=year)
    result = PlanResult(year=year, district=district, covered=mover.covers(year))
    if not result.covered:
        result.warnings.append(uncovered_year_warning(year))
    workrooms = _plan_workrooms(district, by)
    rules = {rule.district_id: rule for rule in DistrictReceptionRule.objects.all()}
    existing = defaultdict(dict)
    for reception in (
        Reception.objects.in_year(year).filter(workroom__in=workrooms).prefetch_related("members")
    ):
        existing[reception.workroom_id][reception.nominal_date] = reception
    new: list[Reception] = []
    for workroom in workrooms:
        rule = rules.get(workroom.town.district_id)
        plan = _WorkroomPlan(workroom, rule, mover, today, result, new)
        plan.run(year, existing[workroom.pk])
    # One INSERT per 500 receptions (and their history rows), not two per reception: a
    # year for every workroom row by row was slow, mostly in simple-history (bench/README.md).
    bulk_create_with_history(new, Reception, batch_size=500, default_user=by)
    calendar_feeds_ensure(members=Member.objects.filter(workrooms__in=workrooms))
    return result


def plans_refresh(*, years, district: District | None, by=None) -> list[PlanResult]:
    """After an important event or a district rule changed: refresh the plans of the
    affected years that were already made (a year nobody planned yet stays unplanned)."""
    today = timezone.localdate()
    planned = Reception.objects.filter(nominal_date__year__in=[y for y in years if y >= today.year])
    if district is not None:
        planned = planned.filter(workroom__town__district=district)
    made = sorted(set(planned.values_list("nominal_date__year", flat=True)))
    return [reception_plan_year(year=year, district=district, by=by) for year in made]


def _plan_workrooms(district: District | None, by):
    workrooms = Workroom.objects.active().select_related("town__district")
    if by is not None:
        workrooms = workrooms.for_user(by)
    if district is not None:
        workrooms = workrooms.filter(town__district=district)
    return list(workrooms.order_by("town__district__code", "town__code", "pk"))


class _WorkroomPlan:
    """One workroom's part of the yearly plan."""

    def __init__(self, workroom, rule, mover: DayMover, today: dt.date, result: PlanResult,
                 new: list[Reception]):
        self.workroom, self.rule, self.mover = workroom, rule, mover
        self.today, self.result, self.new = today, result, new
        self.weekends_off = not (rule and rule.weekends_count_as_working)

    def run(self, year: int, existing: dict[dt.date, Reception]) -> None:
        for nominal in nominal_dates(
            year=year, rule=self.rule, monthly=self.workroom.monthly_receptions
        ):
            date, reason = self.mover.move(
                nominal, district_id=self.workroom.town.district_id, weekends_off=self.weekends_off
            )
            self.result.rows.append(self._one(nominal, date, reason, existing.pop(nominal, None)))
        for reception in existing.values():
            self._obsolete(reception)

    def _row(self, nominal, date, reason, action, reception=None) -> PlanRow:
        return PlanRow(self.workroom, nominal, date, reason, action, reception)

    def _one(self, nominal, date, reason, reception: Reception | None) -> PlanRow:
        if reception is None:
            if date < self.today:
                return self._row(nominal, date, reason, PlanAction.PAST)
            return self._row(
                nominal, date, reason, PlanAction.CREATED, self._create(nominal, date, reason)
            )
        if reception.date == date:
            if reception.move_reason != reason and not reception.manual_date:
                reception.move_reason = reason
                reception.save(update_fields=["move_reason"])
            return self._row(nominal, date, reason, PlanAction.UNCHANGED, reception)
        action = self._why_kept(reception)
        if action is not None:
            self._warn_kept(reception, date, action)
            return self._row(nominal, reception.date, reception.move_reason, action, reception)
        self._move(reception, date, reason)
        return self._row(nominal, date, reason, PlanAction.MOVED, reception)

    def _why_kept(self, reception: Reception) -> PlanAction | None:
        if reception.notice_out or reception.status != ReceptionStatus.PLANNED:
            return PlanAction.KEPT_NOTICE
        if reception.manual_date:
            return PlanAction.KEPT_MANUAL
        if reception.date < self.today:
            return PlanAction.PAST
        return None

    def _warn_kept(self, reception: Reception, date: dt.date, action: PlanAction) -> None:
        if action == PlanAction.PAST:
            return
        self.result.warnings.append(
            f"{self.workroom}：{reception.date:%Y-%m-%d} 的接待{action.label}；"
            f"按当前规则应为 {date:%Y-%m-%d}，如需改期请人工调整。"
        )

    def _create(self, nominal, date, reason) -> Reception:
        """A new reception, saved with the others at the end of the plan."""
        reception = Reception(
            workroom=self.workroom,
            nominal_date=nominal,
            date=date,
            move_reason=reason,
            place=self.workroom.address,
            noticed_late=self._late(date),
        )
        self.new.append(reception)
        return reception

    def _move(self, reception: Reception, date, reason) -> None:
        reception.date, reception.move_reason = date, reason
        reception.noticed_late = reception.noticed_late or self._late(date)
        reception.save(update_fields=["date", "move_reason", "noticed_late"])

    def _late(self, date: dt.date) -> bool:
        """规范 第九条: with fewer than 3 days to go, the notice cannot be 3 days ahead."""
        if (date - self.today).days >= NOTICE_DAYS:
            return False
        self.result.warnings.append(
            f"{self.workroom}：{date:%Y-%m-%d} 的接待距今不足3天，"
            f"无法提前3天公告，已计为公告不足3天。"
        )
        return True

    def _obsolete(self, reception: Reception) -> None:
        """A reception of an earlier plan that the current rule no longer gives."""
        if reception.date < self.today or reception.status in {
            ReceptionStatus.HELD,
            ReceptionStatus.CANCELLED,
        }:
            return
        row = self._row(
            reception.nominal_date,
            reception.date,
            reception.move_reason,
            PlanAction.REMOVED,
            reception,
        )
        if reception.notice_out or reception.manual_date or reception.members.all():
            row.action = PlanAction.KEPT_OBSOLETE
            self.result.warnings.append(
                f"{self.workroom}：{reception.date:%Y-%m-%d} 的接待已不符合当前规则，"
                f"但{'公告已发布' if reception.notice_out else '已安排委员或人工调整'}，"
                f"未删除，请人工处理。"
            )
        else:
            reception.delete()
            row.reception = None
        self.result.rows.append(row)


def calendar_feeds_ensure(*, members) -> None:
    """Give each member a public calendar address (.ics) once."""
    have = MemberCalendarFeed.objects.values("member_id")
    missing = members.exclude(pk__in=have).values_list("pk", flat=True).distinct()
    MemberCalendarFeed.objects.bulk_create(
        [MemberCalendarFeed(member_id=pk) for pk in missing], ignore_conflicts=True
    )


# ---------------------------------------------------------------- members on duty


def duty_suggestions(*, workroom: Workroom, year: int) -> list[Member]:
    """Members serving at the workroom whom the yearly community-visit quota binds
    (规范 第五条: not exempt) and who have not met it yet, fewest visits first (`.visits`):
    the quota engine's own rule and count (confirmed records, scoring.quotas)."""
    table = QuotaTable(year)
    _rule, minimum, binds = visits_quota(table.rules)
    members = table.with_counts(
        Member.objects.owing_community_duty().filter(workrooms=workroom).filter(binds)
    )
    return list(
        members.annotate(visits=F(f"t_c_{VISITS_KIND}"))
        .filter(visits__lt=table.due(minimum))  # prorated to the months served
        .order_by("visits", "pk")
    )


# ---------------------------------------------------------------- staff changes


@transaction.atomic
def reception_record_change(
    *, reception: Reception, old_date: dt.date | None, today: dt.date | None = None,
    base_url: str = "",
) -> list[str]:
    """After staff create (old_date None) or edit a reception: a date set by hand is kept
    by later plans; a reception created or moved with fewer than 3 days to go counts as
    noticed late (规范 第九条); a change after the notice is out gets a 更正公告; a notice
    due (or withheld for want of a member on duty) is published at once. `base_url` is
    where the staff member reached us (the links in the notice). Returns the warnings
    staff must see."""
    today = today or timezone.localdate()
    moved = old_date is not None and old_date != reception.date
    if moved:
        _mark_moved_by_hand(reception, old_date)
    warnings = _flag_late(reception, today) if old_date is None or moved else []
    if old_date is None or moved:
        warnings += _day_off_warning(reception)
    reception.save()
    if reception.notice_out and _notice_changed(reception):
        transaction.on_commit(lambda: _queue("correct_notice", reception.pk, base_url))
        warnings.append(f"{reception.workroom}：接待公告已发布，将发布更正公告并重新通知。")
    elif reception.status == ReceptionStatus.PLANNED and (
        0 <= reception.days_ahead(today) <= NOTICE_DAYS
    ):
        transaction.on_commit(lambda: _queue("publish_notice", reception.pk, base_url))
    return warnings


def _mark_moved_by_hand(reception: Reception, old_date: dt.date) -> None:
    reception.manual_date = True
    planned_reason = reception.move_reason.startswith(f"{reception.nominal_date:%Y-%m-%d} ")
    if not reception.move_reason or planned_reason:  # keep a reason staff wrote themselves
        reception.move_reason = f"工作人员调整：{old_date:%Y-%m-%d} 改至 {reception.date:%Y-%m-%d}"


def _flag_late(reception: Reception, today: dt.date) -> list[str]:
    """规范 第九条: created or moved with fewer than 3 days to go."""
    days = reception.days_ahead(today)
    if not 0 <= days < NOTICE_DAYS or reception.status == ReceptionStatus.CANCELLED:
        return []
    reception.noticed_late = True
    return [
        f"{reception.workroom}：{reception.date:%Y-%m-%d} 的接待距今不足3天，"
        f"无法按规范 第九条 提前3天张贴公告，已计为公告不足3天。"
    ]


def _day_off_warning(reception: Reception) -> list[str]:
    """规范 第九条: a reception that falls on a day off moves to a later day. Staff who set
    one on a day off by hand may mean it (a weekend event), so their date is kept, with a
    warning; a festival of a year not entered yet is named as provisional."""
    rule = DistrictReceptionRule.objects.filter(
        district_id=reception.workroom.town.district_id
    ).first()
    weekends_off = not (rule and rule.weekends_count_as_working)
    info = WorkCalendar(weekends_off=weekends_off).day(reception.date)
    if not info.off or reception.status == ReceptionStatus.CANCELLED:
        return []
    return [
        f"{reception.workroom}：{reception.date:%Y-%m-%d} 为{info.reason}，不是工作日"
        f"（规范 第九条：接待日逢节假日顺延）。已按您填写的日期保存，请确认是否需要改期。"
    ]


@transaction.atomic
def reception_cancel(*, reception: Reception, reason: str) -> list[str]:
    """Cancelling keeps the row (and its history); a published notice gets a 更正公告."""
    if reception.status == ReceptionStatus.CANCELLED:
        return []
    reception.status = ReceptionStatus.CANCELLED
    reception.move_reason = f"取消：{reason}" if reason else "取消"
    reception.save(update_fields=["status", "move_reason"])
    if reception.notice_out:
        transaction.on_commit(lambda: _queue("correct_notice", reception.pk))
        return [f"{reception.workroom}：{reception.date:%Y-%m-%d} 的接待已取消，将发布更正公告。"]
    return []


def _queue(task_name: str, reception_id: int, base_url: str = "") -> None:
    """Called after commit. A broker outage is logged, not raised (core.queueing), so
    the saved change still answers; the daily run then publishes a due notice and any
    correction (更正公告) whose task was lost (`notice_corrections_due`)."""
    from . import tasks

    queue_now(getattr(tasks, task_name), reception_id, base_url)


def _notice_changed(reception: Reception) -> bool:
    latest = reception.notices.order_by("-sequence").first()
    return latest is not None and latest.content != _content(reception)


# ---------------------------------------------------------------- the 3-day notice


def notice_publish_due(*, today: dt.date | None = None) -> list[Notice]:
    """规范 第九条: publish the notice of every reception 3 days ahead or less. Each is
    claimed first, so running this twice publishes and sends nothing twice."""
    today = today or timezone.localdate()
    unconfirmed_year_warn(today=today)
    due = Reception.objects.due_for_notice(today).values_list("pk", flat=True)
    notices = [notice_publish(reception_id=pk, today=today) for pk in list(due)]
    return [notice for notice in notices if notice is not None]


def unconfirmed_year_warn(*, today: dt.date) -> int:
    """Before the daily job publishes notices (规范 第九条: 3 days ahead) for dates in a year
    whose State Council holiday schedule has not been entered, each district's staff are told
    once per year that those dates were planned around the statutory festivals only.
    Publication goes on: the notice is due. Returns how many messages were written now."""
    due = Reception.objects.due_for_notice(today)
    pairs = set(due.values_list("date__year", "workroom__town__district_id"))
    calendar, written = WorkCalendar(), 0
    for year, district_id in sorted(pairs):
        if calendar.covers(year):
            continue
        staff = User.objects.district_staff(district_id)
        written += len(notify(
            people=list(staff), key=f"calendar-unconfirmed:{year}:{district_id}",
            subject=f"{year}年放假安排尚未录入，接待公告即将发布",
            body=f"本区{year}年的委员接待日即将发布公告（规范 第九条：接待前3天公告），"
            f"但{year}年的法定节假日和调休安排尚未录入，接待日期只避开了周末、重要活动和"
            f"法定节日当天，均为暂定。请核对即将公告的接待日期；国务院办公厅通知公布并由市政协"
            f"办公厅录入后，请重新生成接待计划，已发布公告的接待如需改期请人工调整。",
            channels=(Channel.INBOX,), link=reverse("receptions:plan"),
        ))
    return written


def notice_corrections_due(*, today: dt.date | None = None) -> list[int]:
    """Receptions still to come whose published notice no longer says what holds: their
    更正公告 was never issued (its task lost while the broker was down, or its worker
    killed). `notice_correct` issues each once, whoever asks twice (规范 第九条)."""
    today = today or timezone.localdate()
    published = Reception.objects.filter(notice_published_at__isnull=False, date__gte=today)
    return [reception.pk for reception in published.prefetch_related("members")
            if _notice_changed(reception)]


@transaction.atomic
def notice_publish(
    *, reception_id: int, today: dt.date | None = None, base_url: str = ""
) -> Notice | None:
    """规范 第九条: the notice gives the time, the place and the members' names. A
    reception with no member on duty gets none: it is withheld (`notice_withhold`) and
    published by the first call after a member is assigned."""
    today = today or timezone.localdate()
    now = timezone.now()
    unpublished = Reception.objects.filter(
        pk=reception_id, notice_published_at__isnull=True, status=ReceptionStatus.PLANNED
    )
    if not unpublished.filter(members__isnull=False).exists():
        notice_withhold(reception_id=reception_id, now=now, base_url=base_url)
        return None
    claimed = unpublished.update(notice_published_at=now, status=ReceptionStatus.PUBLISHED)
    if claimed != 1:
        return None  # published meanwhile, cancelled or deleted
    reception = _fetch(reception_id)
    if reception.days_ahead(today) < NOTICE_DAYS and not reception.noticed_late:
        Reception.objects.filter(pk=reception_id).update(noticed_late=True)
        reception.noticed_late = True
    return _notice_issue(reception, kind=NoticeKind.NOTICE, now=now, base_url=base_url)


def notice_withhold(*, reception_id: int, now, base_url: str = "") -> bool:
    """规范 第九条: a notice must name the members on duty, so a reception due for its
    notice with none is not published. It is marked (`notice_withheld_at`, shown to staff
    in the admin) and the district's staff and the workroom's clerk are told at once, on
    every channel. The mark is claimed, so a rerun of the job tells nobody again. True
    when this call withheld it."""
    withheld = Reception.objects.filter(
        pk=reception_id, notice_published_at__isnull=True, status=ReceptionStatus.PLANNED,
        notice_withheld_at__isnull=True,
    ).update(notice_withheld_at=now)
    if withheld != 1:
        return False  # withheld before, published, cancelled or deleted
    reception = _fetch(reception_id)
    workroom = reception.workroom
    people = list(User.objects.district_staff(workroom.town.district_id))
    if workroom.clerk_id:
        people.insert(0, workroom.clerk)
    change = reverse("admin:receptions_reception_change", args=[reception.pk])
    notify(
        people=people,
        key=f"reception-withheld:{reception.pk}",
        subject=f"接待公告暂缓：{workroom.name}尚未安排当值委员",
        body=f"{workroom.name} {when_text(reception.notice_content())} 的委员接待日尚未安排"
        f"当值委员。规范 第九条：接待前3天张贴公告，载明时间、地点和委员姓名，因此公告暂未发布。\n"
        f"请尽快安排当值委员：{public_url(change, base_url)}\n"
        f"保存后系统即发布公告；距接待已不足3天的，计为公告不足3天。",
        link=change,
    )
    return True


@transaction.atomic
def notice_correct(*, reception_id: int, base_url: str = "") -> Notice | None:
    """A 更正公告 when what the last notice said no longer holds (date, time, place,
    members, or the reception is cancelled). Nothing when nothing changed."""
    reception = _fetch(reception_id, lock=True)
    if reception is None or not _notice_changed(reception):
        return None
    return _notice_issue(
        reception, kind=NoticeKind.CORRECTION, now=timezone.now(), base_url=base_url
    )


def _fetch(reception_id: int, lock: bool = False) -> Reception | None:
    receptions = Reception.objects.select_related("workroom__town__district", "workroom__clerk")
    if lock:
        receptions = receptions.select_for_update(of=("self",))
    return receptions.prefetch_related("members").filter(pk=reception_id).first()


def _content(reception: Reception) -> dict:
    content = reception.notice_content()
    content["member_ids"] = [member.pk for member in reception.members.all()]
    return content


def _notice_issue(reception: Reception, *, kind: NoticeKind, now, base_url: str) -> Notice:
    previous = reception.notices.order_by("-sequence").first()
    notice = Notice(
        reception=reception,
        kind=kind,
        content=_content(reception),
        published_at=now,
        sequence=(previous.sequence + 1) if previous else 1,
    )
    base_url = base_url or site_base_url()
    pdf = render_pdf(
        "receptions/notice_pdf.html", _pdf_context(reception, notice, previous, base_url)
    )
    notice.pdf.save(f"reception-{reception.pk}-{notice.sequence}.pdf", ContentFile(pdf), save=False)
    notice.save()
    calendar_feeds_ensure(members=reception.members.all())
    _notice_tell(reception, notice, previous, base_url)
    return notice


def public_url(path: str, base_url: str = "") -> str:
    """An absolute link to one of our pages (core.links.site_base_url unless given)."""
    return (base_url or site_base_url()) + path


def when_text(content: dict) -> str:
    date = dt.date.fromisoformat(content["date"])
    weekday = Weekday(date.weekday()).label
    day = f"{date.year}年{date.month}月{date.day}日（{weekday}）"
    return f"{day}{content['starts_at']}—{content['ends_at']}"


def _pdf_context(
    reception: Reception, notice: Notice, previous: Notice | None, base_url: str
) -> dict:
    page = public_url(reverse("workrooms:detail", args=[reception.workroom_id]), base_url)
    members = {member.pk: member for member in reception.members.all()}
    title = f"{reception.workroom.name}委员接待日{notice.get_kind_display()}"
    return {
        "title": title,
        "notice": notice,
        "reception": reception,
        "content": notice.content,
        "when": when_text(notice.content),
        "page_url": page,
        "qr": qr_png_data_uri(page),
        "members": [members[pk] for pk in notice.content["member_ids"]],
        "previous": previous.content if previous else None,
        "previous_when": when_text(previous.content) if previous else "",
        "town": reception.workroom.town,
        "published": timezone.localtime(notice.published_at),
    }


def _notice_tell(
    reception: Reception, notice: Notice, previous: Notice | None, base_url: str
) -> None:
    """规范 第九条: the clerk prints and posts it; each member on duty is told."""
    content, kind = notice.content, notice.get_kind_display()
    pdf_path = reverse("workrooms:notice_pdf", args=[notice.pk])
    pdf_url = public_url(pdf_path, base_url)
    names = "、".join(content["members"]) or "（尚未安排，请尽快安排当值委员）"
    facts = f"时间：{when_text(content)}\n地点：{content['place']}\n当值委员：{names}"
    if content["cancelled"]:
        facts = f"原定 {when_text(content)} 的委员接待活动取消。"
    if reception.workroom.clerk_id:
        notify(
            people=[reception.workroom.clerk],
            key=f"reception-notice:{notice.pk}:clerk",
            subject=f"请打印张贴{kind}：{reception.workroom.name}",
            body=f"请打印以下{kind}并在社区公告栏张贴（规范 第九条：接待前3天公告）。\n"
            f"{facts}\n公告下载：{pdf_url}", link=pdf_path,
        )
    notify(
        people=list(reception.members.all()),
        key=f"reception-notice:{notice.pk}:member",
        subject=f"委员接待日{kind}：{reception.workroom.name}",
        body=f"您是本次委员接待日的当值委员。\n{facts}\n公告：{pdf_url}", link=pdf_path,
    )
    removed = (
        set(previous.content["member_ids"]) - set(content["member_ids"]) if previous else set()
    )
    if removed:
        notify(
            people=list(Member.objects.filter(pk__in=removed)),
            key=f"reception-notice:{notice.pk}:removed",
            subject=f"当值安排变更：{reception.workroom.name}",
            body=f"您已不再担任 {when_text(previous.content)} 委员接待日的当值委员。",
            link=reverse("receptions:plan"),
        )
