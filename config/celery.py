"""The Celery app. Beat's schedule lives here, in code, one commented entry per job, and
nowhere else: beat runs Celery's own scheduler, whose file (celerybeat-schedule) keeps only
when each job last ran. At its next start beat drops the jobs removed from here and takes the
new times of those changed (a scheduler that keeps the schedule in the database would go on
firing the removed ones)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("cppcc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Each entry expires before the next firing, so a backlog never runs a job twice.
app.conf.beat_schedule = {
    # Proof of life for /healthz: records the time of the last beat.
    "heartbeat": {
        "task": "accounts.tasks.heartbeat",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Audit events older than AUDIT_RETENTION_DAYS (>= 180) are purged,
    # the purge itself recorded. The only path that ever deletes the trail.
    "audit-retention": {
        "task": "audit.tasks.purge_expired_events",
        "schedule": crontab(hour=3, minute=30),
        "options": {"expires": 20 * 60 * 60},
    },
    # 规范 第九条: publish each reception's notice 3 days ahead (claimed; a rerun sends nothing).
    "publish-reception-notices": {
        "task": "receptions.tasks.publish_due_notices",
        "schedule": crontab(hour=7, minute=0),
        "options": {"expires": 20 * 60 * 60},
    },
    # Quota reminders (scoring): daily; sends only on the dates staff set (seeded 10-01, 11-15).
    "scoring-quota-reminders": {
        "task": "scoring.tasks.send_quota_reminders",
        "schedule": crontab(hour=8, minute=30),
        "options": {"expires": 23 * 60 * 60},
    },
    # E-mails and SMS: those that failed (mail server or SMS gateway down) are queued again
    # with backoff (1 min, 5 min, 30 min, 2 h, 6 h), those whose task was lost (broker down at
    # commit, worker killed before its claim) after 5 minutes; those whose worker died inside
    # the gateway call are marked 待核实 for staff. Each is claimed, so it is queued once.
    "notices-sweep": {
        "task": "notices.tasks.sweep_messages",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Recount members' yearly tallies of duty records (kept equal by signals; this
    # catches a write that bypassed them). Idempotent.
    "scoring-rebuild-tallies": {
        "task": "scoring.tasks.rebuild_tallies",
        "schedule": crontab(hour=2, minute=40),
        "options": {"expires": 20 * 60 * 60},
    },
    # 12345 work orders: outcomes of closed cases that failed to reach the hotline's system are
    # sent again with backoff (1, 5, 30 min, 2 h, 6 h), those whose task was lost after 5 min;
    # those whose worker died inside the call are marked 待核实. Each claimed, queued once.
    "exchange-sweep-outcomes": {
        "task": "exchange.tasks.sweep_outcomes",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # 规范 第十三条: remind handlers and district staff of overdue case steps, once per step.
    "cases-overdue-reminders": {
        "task": "cases.tasks.remind_overdue_cases",
        "schedule": crontab(hour=8, minute=45),
        "options": {"expires": 23 * 60 * 60},
    },
    # The callback after a closing: no answer within the wait (working days, 本地设置) is
    # recorded as 逾期未答复, once per closing, never as satisfied (cases.callbacks).
    "cases-unanswered-callbacks": {
        "task": "cases.tasks.record_unanswered_callbacks",
        "schedule": crontab(hour=6, minute=15),
        "options": {"expires": 20 * 60 * 60},
    },
    # 个人信息保护法 第十九条: anonymise visitors whose cases closed longer ago
    # than the retention period staff set; claimed once per day (cases.RetentionRun).
    "cases-visitor-retention": {
        "task": "cases.tasks.anonymise_expired_visitors",
        "schedule": crontab(hour=3, minute=45),
        "options": {"expires": 20 * 60 * 60},
    },
    # The municipal office's page reads the districts' live figures from the cache
    # (REPORT_LIVE_FIGURES_SECONDS); recount them ahead of its expiry.
    "reports-count-live-figures": {
        "task": "reports.tasks.count_live_figures",
        "schedule": 240.0,
        "options": {"expires": 230},
    },
    # Nothing stays stuck: report builds whose worker died mid-build (their lease ran out) are
    # queued again, up to 3 tries, then marked failed; files asked for while the broker was
    # down are sent once it is back (reports.services.report_files_sweep).
    "reports-sweep-files": {
        "task": "reports.tasks.sweep_report_files",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # 规范 第十四条: the yearly report's drafts (12-01), reminders (12-10, 12-17) and the
    # deadline check (12-20), on the dates of reports.ReportSchedule; each claimed once per
    # date and district. Late in the office day, so the 20 December run sees that day's
    # submissions (a submission on the 20th is on time: reports/schedule.py).
    "reports-yearly-jobs": {
        "task": "reports.tasks.run_report_jobs",
        "schedule": crontab(hour=17, minute=30),
        "options": {"expires": 23 * 60 * 60},
    },
}
