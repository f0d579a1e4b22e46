"""规范 第十四条 in December: drafts on 12-01, reminders on 12-10 and 12-17, the deadline on
12-20 (a submission on the 20th is on time). Each job runs once per date and district,
however often beat fires (ReportJobRun claims)."""

import datetime as dt

import pytest
from django.utils import timezone

from notices.models import Message
from regions.models import District
from reports.choices import DisplayStatus, ReportStatus, ScheduleKind
from reports.models import DistrictReport, ReportJobRun, ReportSchedule
from reports.schedule import schedule_for
from reports.services import report_draft_create, report_narrative_update, report_submit
from reports.tasks import run_report_jobs

from ..factories import district

pytestmark = pytest.mark.django_db
D = dt.date


def at(day: dt.date, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def submit(staff, name, day, hour=10):
    report = report_draft_create(district=district(name), year=2026)
    report_narrative_update(report=report, by=staff, achievements="a", problems="b", plans="c")
    return report_submit(report=report, by=staff, now=at(day, hour))


def messages_to(user):
    return Message.objects.filter(recipient=user)


def test_the_seeded_schedule_is_the_documents_deadline_and_local_dates():
    schedule = schedule_for(2026)
    assert schedule.draft_on == D(2026, 12, 1) and schedule.deadline == D(2026, 12, 20)
    assert schedule.reminders == (D(2026, 12, 10), D(2026, 12, 17))
    deadline = ReportSchedule.objects.get(year=2026, kind=ScheduleKind.DEADLINE)
    assert not deadline.is_local_setting and "第十四条" in deadline.basis
    assert all(row.is_local_setting for row in ReportSchedule.objects.exclude(pk=deadline.pk))
    assert schedule_for(2027).deadline == D(2027, 12, 20)  # carried forward until entered


def test_submitting_on_the_20th_is_on_time_and_on_the_21st_late(personas):
    assert not submit(personas.yuexiu_staff, "越秀区", D(2026, 12, 20), hour=23).late
    assert submit(personas.liwan_staff, "荔湾区", D(2026, 12, 21), hour=0).late


def test_nothing_happens_before_the_draft_date(personas):
    assert run_report_jobs(day="2026-11-30") == {"drafts": 0, "reminders": 0, "overdue": 0}
    assert not DistrictReport.objects.exists() and not Message.objects.exists()


def test_the_draft_run_creates_every_districts_draft_once_and_tells_its_staff(personas):
    assert run_report_jobs(day="2026-12-01")["drafts"] == 11
    assert DistrictReport.objects.filter(year=2026, status=ReportStatus.DRAFT).count() == 11
    report = DistrictReport.objects.get(district__name="越秀区")
    assert report.figures["district"] == "越秀区" and report.figures_at is not None
    told = messages_to(personas.yuexiu_staff).count()
    assert told >= 1
    assert run_report_jobs(day="2026-12-01")["drafts"] == 0
    assert run_report_jobs(day="2026-12-02")["drafts"] == 0
    assert messages_to(personas.yuexiu_staff).count() == told
    assert ReportJobRun.objects.filter(kind=ScheduleKind.DRAFT).count() == 11


def test_reminders_go_once_per_date_to_districts_that_have_not_submitted(personas):
    submit(personas.liwan_staff, "荔湾区", D(2026, 12, 5))
    assert run_report_jobs(day="2026-12-09")["reminders"] == 0
    assert run_report_jobs(day="2026-12-10")["reminders"] == 10
    subject = "请于12月20日前报送2026年度进社区履职情况报告"
    assert messages_to(personas.yuexiu_staff).filter(subject=subject).exists()
    assert not messages_to(personas.liwan_staff).filter(subject=subject).exists()
    before = Message.objects.count()
    assert run_report_jobs(day="2026-12-10")["reminders"] == 0
    assert Message.objects.count() == before
    assert run_report_jobs(day="2026-12-17")["reminders"] == 10
    assert messages_to(personas.yuexiu_staff).filter(subject=subject).count() == 2


def test_the_20_december_run_marks_exactly_the_districts_that_have_not_submitted(personas):
    run_report_jobs(day="2026-12-01")
    submit(personas.yuexiu_staff, "越秀区", D(2026, 12, 18))
    submit(personas.liwan_staff, "荔湾区", D(2026, 12, 20), hour=9)
    assert run_report_jobs(day="2026-12-19")["overdue"] == 0

    assert run_report_jobs(day="2026-12-20")["overdue"] == 9
    overdue = set(DistrictReport.objects.filter(overdue_at__isnull=False)
                  .values_list("district__name", flat=True))
    assert overdue == set(District.objects.exclude(name__in=["越秀区", "荔湾区"])
                          .values_list("name", flat=True))
    tell = messages_to(personas.city).filter(subject__contains="逾期未报送")
    assert tell.count() == 1 and "天河区" in tell.get().body and "越秀区" not in tell.get().body
    assert messages_to(personas.tianhe_staff).filter(subject__contains="已逾期").count() == 1

    before = Message.objects.count()
    assert run_report_jobs(day="2026-12-20")["overdue"] == 0
    assert run_report_jobs(day="2026-12-21")["overdue"] == 0
    assert Message.objects.count() == before


def test_statuses_the_municipal_office_sees(personas):
    from reports.models import display_status

    assert display_status(None) == DisplayStatus.NOT_STARTED
    run_report_jobs(day="2026-12-01")
    submit(personas.yuexiu_staff, "越秀区", D(2026, 12, 18))
    run_report_jobs(day="2026-12-20")
    late = submit(personas.tianhe_staff, "天河区", D(2026, 12, 22))
    status = {r.district.name: display_status(r) for r in DistrictReport.objects.all()}
    assert status["越秀区"] == DisplayStatus.ON_TIME
    assert status["天河区"] == DisplayStatus.LATE and late.late
    assert status["荔湾区"] == DisplayStatus.OVERDUE


def test_a_missed_deadline_day_is_caught_up_once_the_day_after(personas):
    assert run_report_jobs(day="2026-12-21") == {"drafts": 11, "reminders": 0, "overdue": 11}
    assert DistrictReport.objects.filter(overdue_at__isnull=False).count() == 11


def test_staff_can_move_the_dates(personas):
    ReportSchedule.objects.filter(year=2026, kind=ScheduleKind.REMINDER,
                                  date=D(2026, 12, 17)).update(date=D(2026, 12, 18))
    assert run_report_jobs(day="2026-12-17")["reminders"] == 0
    assert run_report_jobs(day="2026-12-18")["reminders"] == 11


def test_the_beat_schedule_runs_the_report_jobs_daily_late_in_the_office_day():
    from config.celery import app

    entry = app.conf.beat_schedule["reports-yearly-jobs"]
    assert entry["task"] == "reports.tasks.run_report_jobs"
    assert entry["schedule"].hour == {17} and entry["schedule"].minute == {30}
    assert entry["options"]["expires"] < 24 * 60 * 60
