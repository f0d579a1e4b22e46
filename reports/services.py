"""The yearly report's workflow (规范 第十四条): drafts, narrative, submission (which
freezes the figures), reopening by the municipal office, the December jobs, and the
generated files."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import User
from core.once import claim_once
from core.queueing import queue_after_commit, queue_now
from core.versions import refuse_if_changed
from documents.pdf import RenderTimeout
from members.models import Committee
from notices.services import notify
from regions.models import District

from .choices import DocumentKind, FileStatus, ReportStatus, ScheduleKind
from .documents import NARRATIVE, data_digest, document_data, render_document
from .figures import figures_by_district, report_figures
from .models import (
    LEASE,
    MAX_ATTEMPTS,
    DistrictReport,
    ReportFile,
    ReportJobRun,
    ReportReopening,
)
from .schedule import Schedule, schedule_for

log = logging.getLogger(__name__)
RENEW_EVERY = LEASE / 4  # a build's heartbeat: its lease outlives three missed beats
BUILD_TIME_LIMIT = dt.timedelta(minutes=10)  # reports.tasks.build_report_file's time limit


# ------------------------------------------------------------------------ people to tell


def city_staff():
    return User.objects.filter(role=Role.CITY, is_active=True)


def district_staff(district_id: int):
    return User.objects.district_staff(district_id)


def may_edit(user, district_id: int) -> bool:
    """Whether `user` writes and submits this district's report: district staff their own
    (规范 第十四条: 各区政协…报送)."""
    return user.has_perm("reports.submit_districtreport") and (
        District.objects.for_user(user).filter(pk=district_id).exists()
    )


# ------------------------------------------------------------------------ the report


@transaction.atomic
def report_draft_create(*, district: District, year: int, figures: dict | None = None
                        ) -> DistrictReport:
    """The district's report for `year`, created as a draft with the figures of today if
    there is none yet. Creating it twice returns the same row."""
    report = DistrictReport.objects.filter(district=district, year=year).first()
    if report is not None:
        return report
    if figures is None:
        figures = report_figures(district=district, year=year)
    report, _created = DistrictReport.objects.get_or_create(
        district=district, year=year, defaults={"figures": figures, "figures_at": timezone.now()},
    )
    return report


@transaction.atomic
def report_narrative_update(
    *, report: DistrictReport, by, achievements: str, problems: str, plans: str,
    seen_version: str | None = None,
) -> DistrictReport:
    """`seen_version`: the report's version the writer's page showed; a save over a newer
    one (a colleague's) is refused, naming who made it."""
    report = DistrictReport.objects.select_for_update().get(pk=report.pk)
    if not may_edit(by, report.district_id):
        raise PermissionDenied
    refuse_if_changed(report, seen_version)
    if not report.is_editable:
        raise ValidationError(_("报告已报送，不能修改；如需修改，请联系市政协办公厅退回。"))
    report.achievements, report.problems, report.plans = (
        achievements.strip(), problems.strip(), plans.strip()
    )
    report.save(update_fields=["achievements", "problems", "plans", "updated_at"])
    return report


@transaction.atomic
def report_submit(*, report: DistrictReport, by, now: dt.datetime | None = None
                  ) -> DistrictReport:
    """Send the report to the municipal office. Its figures are counted now and stored: from
    here on the report shows this snapshot, whatever later edits do to the records.
    Late when first submitted after the deadline (规范 第十四条; see reports.schedule)."""
    report = DistrictReport.objects.select_for_update().select_related("district").get(
        pk=report.pk
    )
    if not may_edit(by, report.district_id):
        raise PermissionDenied
    if not report.is_editable:
        raise ValidationError(_("报告已报送。"))
    missing = [label for key, label in NARRATIVE if not getattr(report, key).strip()]
    if missing:
        raise ValidationError(_("请先填写：%(parts)s。") % {"parts": "、".join(missing)})
    now = now or timezone.now()
    report.figures = report_figures(district=report.district, year=report.year)
    report.figures_at = report.submitted_at = now
    report.status, report.submitted_by = ReportStatus.SUBMITTED, by
    if report.first_submitted_at is None:
        # A resubmission after the office reopened it keeps the first one's timeliness.
        report.first_submitted_at = now
        report.late = schedule_for(report.year).is_late(timezone.localdate(now))
    report.save()
    rounds = report.reopenings.count()
    notify(
        people=city_staff(), key=f"report-submitted:{report.pk}:{rounds}",
        subject=_("%(district)s已报送%(year)s年度进社区履职情况报告") % {
            "district": report.district.name, "year": report.year},
        body=_("%(district)s于%(when)s报送了%(year)s年度政协委员进社区履职情况报告%(late)s。") % {
            "district": report.district.name, "year": report.year,
            "when": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
            "late": _("（逾期）") if report.late else ""},
        link=report_link(report.district_id, report.year),
    )
    return report


@transaction.atomic
def report_reopen(*, report: DistrictReport, by, reason: str) -> DistrictReport:
    """The municipal office sends a submitted report back with a reason (kept for good)."""
    if not by.has_perm("reports.reopen_districtreport"):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写退回原因。"))
    report = DistrictReport.objects.select_for_update().select_related("district").get(
        pk=report.pk
    )
    if not report.is_submitted:
        raise ValidationError(_("只有已报送的报告可以退回。"))
    reopening = ReportReopening.objects.create(
        report=report, by=by, reason=reason, previous_submitted_at=report.submitted_at
    )
    report.status = ReportStatus.REOPENED
    report.save(update_fields=["status", "updated_at"])
    notify(
        people=district_staff(report.district_id), key=f"report-reopened:{reopening.pk}",
        subject=_("%(year)s年度进社区履职情况报告已退回修改") % {"year": report.year},
        body=_("市政协办公厅退回了%(district)s%(year)s年度报告，原因：%(reason)s。"
               "请修改后重新报送。") % {
            "district": report.district.name, "year": report.year,
            "reason": reason.rstrip("。."),  # the sentence's own full stop follows
        },
        link=report_link(report.district_id, report.year),
    )
    return report


# ----------------------------------------------------------------------- December jobs


def report_jobs_run(*, today: dt.date) -> dict[str, int]:
    """Daily (config/celery.py): whatever of this year's schedule is due today. Each job is
    claimed per schedule date and district, so running this again does nothing new."""
    schedule = schedule_for(today.year)
    done = {"drafts": 0, "reminders": 0, "overdue": 0}
    if schedule.draft_on <= today:  # also catches up a day beat missed
        done["drafts"] = report_drafts_create(schedule=schedule)
    if today in schedule.reminders:
        done["reminders"] = report_reminders_send(schedule=schedule, today=today)
    if schedule.deadline <= today:
        done["overdue"] = report_deadline_mark(schedule=schedule)
    return done


def report_link(district_id: int, year: int) -> str:
    """A district's report page, which the messages about that report link to."""
    return reverse("reports:district", args=[district_id, year])


def _claim(kind: str, date: dt.date, district_id: int) -> bool:
    return claim_once(ReportJobRun, kind=kind, date=date, district_id=district_id) is not None


def _finish(kind: str, date: dt.date, district_ids) -> None:
    ReportJobRun.objects.filter(kind=kind, date=date, district_id__in=district_ids).update(
        finished_at=timezone.now()
    )


@transaction.atomic
def report_drafts_create(*, schedule: Schedule) -> int:
    """On the draft date: each district gets its draft with the figures counted, and its
    staff are told. Returns how many districts were handled in this run."""
    year, date = schedule.year, schedule.draft_on
    claimed = [d for d in District.objects.all() if _claim(ScheduleKind.DRAFT, date, d.pk)]
    figures = figures_by_district(year=year, districts=claimed)
    for district in claimed:
        report_draft_create(district=district, year=year, figures=figures[district.pk])
        notify(
            people=district_staff(district.pk), key=f"report-draft:{year}:{district.pk}",
            subject=_("%(year)s年度进社区履职情况报告草稿已生成") % {"year": year},
            body=_("%(district)s%(year)s年度报告草稿已生成，统计数据已自动汇总。请补充主要成效、"
                   "存在问题和下一步打算，于%(deadline)s前（含当日）报送市政协办公厅"
                   "（规范 第十四条）。") % {
                "district": district.name, "year": year,
                "deadline": f"{schedule.deadline.month}月{schedule.deadline.day}日"},
            link=report_link(district.pk, year),
        )
    _finish(ScheduleKind.DRAFT, date, [d.pk for d in claimed])
    return len(claimed)


@transaction.atomic
def report_reminders_send(*, schedule: Schedule, today: dt.date) -> int:
    """On a reminder date: staff of each district that has not submitted are reminded."""
    submitted = set(DistrictReport.objects.in_year(schedule.year)
                    .filter(status=ReportStatus.SUBMITTED).values_list("district_id", flat=True))
    told = []
    for district in District.objects.exclude(pk__in=submitted):
        if not _claim(ScheduleKind.REMINDER, today, district.pk):
            continue
        notify(
            people=district_staff(district.pk),
            key=f"report-reminder:{schedule.year}:{district.pk}:{today:%Y-%m-%d}",
            subject=_("请于%(deadline)s前报送%(year)s年度进社区履职情况报告") % {
                "deadline": f"{schedule.deadline.month}月{schedule.deadline.day}日",
                "year": schedule.year},
            body=_("%(district)s%(year)s年度政协委员进社区履职情况报告尚未报送。按规范 第十四条，"
                   "请于%(deadline)s前（含当日）报送市政协办公厅。") % {
                "district": district.name, "year": schedule.year,
                "deadline": f"{schedule.deadline.month}月{schedule.deadline.day}日"},
            link=report_link(district.pk, schedule.year),
        )
        told.append(district.pk)
    _finish(ScheduleKind.REMINDER, today, told)
    return len(told)


@transaction.atomic
def report_deadline_mark(*, schedule: Schedule) -> int:
    """On the deadline (or the first run after it): every district that has never
    submitted is marked overdue, and the municipal office is told which, once."""
    year, date, now = schedule.year, schedule.deadline, timezone.now()
    submitted = set(DistrictReport.objects.in_year(year)
                    .filter(first_submitted_at__isnull=False).values_list("district_id", flat=True))
    marked = [d for d in District.objects.exclude(pk__in=submitted)
              if _claim(ScheduleKind.DEADLINE, date, d.pk)]
    for district in marked:
        report = report_draft_create(district=district, year=year)
        DistrictReport.objects.filter(pk=report.pk, overdue_at=None).update(overdue_at=now)
        notify(
            people=district_staff(district.pk), key=f"report-overdue:{year}:{district.pk}",
            subject=_("%(year)s年度进社区履职情况报告已逾期") % {"year": year},
            body=_("%(district)s%(year)s年度报告截至%(deadline)s尚未报送，已告知市政协办公厅。"
                   "请尽快报送。") % {"district": district.name, "year": year,
                                     "deadline": f"{date.month}月{date.day}日"},
            link=report_link(district.pk, year),
        )
    if marked:
        names = "、".join(d.name for d in marked)
        notify(
            people=city_staff(),
            key=f"report-overdue:{year}:" + ",".join(str(d.pk) for d in marked),
            subject=_("%(year)s年度进社区履职情况报告：%(n)s个区逾期未报送") % {
                "year": year, "n": len(marked)},
            body=_("截至%(deadline)s，以下区尚未报送%(year)s年度政协委员进社区履职情况报告"
                   "（规范 第十四条）：%(names)s。") % {
                "deadline": f"{date.month}月{date.day}日", "year": year, "names": names},
            link=reverse("reports:overview", args=[year]),
        )
    _finish(ScheduleKind.DEADLINE, date, [d.pk for d in marked])
    return len(marked)


# ----------------------------------------------------------------------- files


def scope_key(kind: str, district: District | None, committee: Committee | None) -> str:
    if kind == DocumentKind.DISTRICT:
        return f"district:{district.pk}"
    if kind == DocumentKind.COMMITTEE:
        return f"committee:{committee.pk}"
    return "city"


def report_file_request(
    *, kind: str, year: int, fmt: str, by=None,
    district: District | None = None, committee: Committee | None = None,
) -> ReportFile:
    """The file of this document as its data stands now: the kept one if the data has not
    changed (instant), else a new one queued (older versions of it are discarded). Asking
    again restarts a build that failed or whose worker died (its lease ran out), and sends
    again one the broker never got."""
    data = document_data(kind=kind, year=year, district=district, committee=committee)
    digest = data_digest(data)
    with transaction.atomic():
        file, created = ReportFile.objects.get_or_create(
            kind=kind, scope=scope_key(kind, district, committee), year=year, format=fmt,
            digest=digest,
            defaults={"district": district, "committee": committee, "data": data,
                      "requested_by": by},
        )
        if created:
            _discard_older(file)
        unsent = file.status == FileStatus.PENDING and file.queued_at is None
        queue = created or _restart(file) or unsent
    if queue:
        _queue(file.pk)
    file.refresh_from_db()
    return file


def _restart(file: ReportFile) -> bool:
    """A failed build, or one whose worker died, starts afresh (its attempts counted anew)."""
    now = timezone.now()
    restartable = Q(status=FileStatus.FAILED) | Q(status=FileStatus.RUNNING, lease_until__lt=now)
    return ReportFile.objects.filter(restartable, pk=file.pk).update(
        status=FileStatus.PENDING, progress=0, error="", attempts=0, lease=None,
        lease_until=None, queued_at=None, created_at=now,
    ) == 1


def _discard_older(file: ReportFile) -> None:
    """Other versions of the same document (drafts whose data has since changed)."""
    older = ReportFile.objects.filter(
        kind=file.kind, scope=file.scope, year=file.year, format=file.format
    ).exclude(pk=file.pk)
    for old in older:
        if old.file:
            old.file.delete(save=False)
        old.delete()


def _queue(file_id: int) -> None:
    """With no broker (eager mode) the file is made inline, now; else by a worker. While the
    broker is down the file stays queued, unsent, for `report_files_sweep`."""
    from . import tasks

    if settings.CELERY_TASK_ALWAYS_EAGER:
        report_file_build(file_id=file_id)
    else:
        queue_after_commit(tasks.build_report_file, file_id,
                           on_queued=lambda: _mark_sent(file_id))


def _mark_sent(file_id: int) -> None:
    ReportFile.objects.filter(pk=file_id, status=FileStatus.PENDING).update(
        queued_at=timezone.now()
    )


def report_file_build(*, file_id: int) -> ReportFile | None:
    """Render a queued file, reporting progress (0-100) as it goes. Claimed first under a
    lease of its own, renewed while it renders: a retry or a second worker does nothing,
    and a build that lost its lease (its worker was thought dead and the file was given to
    another) writes nothing to the row. The row points to the file only once it is whole."""
    lease = uuid.uuid4()
    if ReportFile.objects.filter(pk=file_id, status=FileStatus.PENDING).update(
        status=FileStatus.RUNNING, progress=10, attempts=F("attempts") + 1, lease=lease,
        lease_until=timezone.now() + LEASE,
    ) != 1:
        return None
    file = ReportFile.objects.get(pk=file_id)
    held = ReportFile.objects.filter(pk=file_id, status=FileStatus.RUNNING, lease=lease)

    def progress(percent: int) -> None:
        held.update(progress=percent)

    try:
        with LeaseRenewal(held):
            content = render_document(file.data, file.format, progress)
            progress(90)
            scope = file.scope.replace(":", "-")
            file.file.save(f"{file.kind}-{scope}-{file.year}.{file.format}",
                           ContentFile(content), save=False)
    except Exception as exc:  # noqa: BLE001 - recorded on the row and shown to the user
        log.exception("report file %s failed", file_id)
        held.update(status=FileStatus.FAILED, error=_failure(exc)[:2000],
                    lease=None, lease_until=None)
        return None
    if not held.update(file=file.file.name, status=FileStatus.DONE, progress=100,
                       finished_at=timezone.now(), lease=None, lease_until=None):
        # Discarded meanwhile by a newer version, or given to another build after this
        # one's lease ran out: only the build holding the lease keeps its file.
        file.file.storage.delete(file.file.name)
        return None
    file.refresh_from_db()
    return file


def _failure(exc: Exception) -> str:
    """What the user reads on the file's page (the log has the traceback)."""
    if isinstance(exc, RenderTimeout):
        return _("%(why)s报告内容较多，请联系管理员。") % {"why": exc}
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("生成超过时间限制，已停止。请联系管理员。")
    return f"{exc.__class__.__name__}: {exc}"


class LeaseRenewal:
    """The build's heartbeat: while it renders, a thread renews its lease every RENEW_EVERY.
    A killed worker stops renewing and the sweeper queues the build again once the lease
    has run out. Never renewed past the task's time limit (reports.tasks), so a build that
    hangs where the limit is not enforced (a solo pool) is taken over too."""

    def __init__(self, held: QuerySet, limit: dt.timedelta = BUILD_TIME_LIMIT):
        self.held, self.until = held, timezone.now() + limit
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.renew, name="report-lease", daemon=True)

    def __enter__(self) -> LeaseRenewal:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop.set()
        self.thread.join()

    def renew(self) -> None:
        try:
            while not self.stop.wait(RENEW_EVERY.total_seconds()):
                now = timezone.now()
                if now > self.until or not self.held.update(lease_until=now + LEASE):
                    return  # past the time limit, or the build is no longer this one's
        except DatabaseError:
            log.exception("lease renewal stopped; the sweeper takes the build over")
        finally:
            connections.close_all()  # this thread's own connections


def report_files_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Every minute (config/celery.py): nothing stays stuck. A build whose lease ran out
    (its worker died mid-build) is queued again, or, once interrupted MAX_ATTEMPTS times,
    marked failed with the reason (asking again restarts it); a file the broker never got
    (it was down when the file was asked for) is sent now."""
    from . import tasks

    now = now or timezone.now()
    done = {"requeued": 0, "failed": 0, "sent": 0}
    again = []
    for file in ReportFile.objects.lease_expired(now).only("pk", "lease", "attempts"):
        held = ReportFile.objects.filter(pk=file.pk, status=FileStatus.RUNNING, lease=file.lease)
        if file.attempts >= MAX_ATTEMPTS:
            done["failed"] += held.update(
                status=FileStatus.FAILED, lease=None, lease_until=None,
                error=_("生成过程中断了%(n)s次，已停止自动重试。请重新申请下载以再次生成；"
                        "如仍失败，请联系管理员。") % {"n": file.attempts},
            )
        elif held.update(status=FileStatus.PENDING, progress=0, lease=None, lease_until=None,
                         queued_at=None):
            done["requeued"] += 1
            again.append(file.pk)
    for pk in [*again, *ReportFile.objects.unsent(now).exclude(pk__in=again)
               .values_list("pk", flat=True)]:
        if queue_now(tasks.build_report_file, pk):
            _mark_sent(pk)
            done["sent"] += 1
    return done


def report_file_bytes(*, kind: str, year: int, fmt: str, district: District | None = None,
                      committee: Committee | None = None) -> bytes:
    """The document rendered at once (the `build_report` command)."""
    data = document_data(kind=kind, year=year, district=district, committee=committee)
    return render_document(data, fmt)
