"""Beat's schedule is config/celery.py and nothing else: Celery's own scheduler keeps only when
each job last ran (celerybeat-schedule), so at beat's next start a job removed from the code
stops and a job whose time changed fires at the new time. Every job names a task the worker
knows, and expires before it would fire again, so a backlog never runs it twice."""

import datetime as dt

from celery.beat import PersistentScheduler
from celery.schedules import crontab
from django.apps import apps

from config.celery import app

DAY = 24 * 60 * 60


def start_beat(state_file) -> PersistentScheduler:
    return PersistentScheduler(app=app, schedule_filename=str(state_file))


def jobs(beat: PersistentScheduler) -> set[str]:
    """The scheduler's entries, less Celery's own housekeeping (`celery.backend_cleanup` when
    no result backend expires results by itself)."""
    return {name for name in beat.schedule if not name.startswith("celery.")}


def seconds_between_firings(schedule) -> float:
    if isinstance(schedule, crontab):  # our crontabs fire once a day, at one hour and minute
        assert (len(schedule.hour), len(schedule.minute), len(schedule.day_of_week)) == (1, 1, 7)
        return DAY
    return float(schedule)


def test_beat_keeps_no_schedule_in_the_database():
    assert app.conf.beat_scheduler == "celery.beat:PersistentScheduler"
    assert not apps.is_installed("django_celery_beat")


def test_beat_runs_the_jobs_of_the_code(tmp_path):
    beat = start_beat(tmp_path / "celerybeat-schedule")
    assert jobs(beat) == set(app.conf.beat_schedule)
    assert beat.schedule["notices-sweep"].task == "notices.tasks.sweep_messages"


def test_a_job_removed_from_the_code_stops_at_beats_next_start(tmp_path, monkeypatch):
    state = tmp_path / "celerybeat-schedule"
    earlier_release = {
        **app.conf.beat_schedule,
        "notices-retry": {"task": "notices.tasks.retry_failed_messages", "schedule": 60.0},
    }
    monkeypatch.setitem(app.conf, "beat_schedule", earlier_release)
    beat = start_beat(state)
    assert "notices-retry" in jobs(beat)
    beat.close()

    monkeypatch.undo()
    beat = start_beat(state)
    assert "notices-retry" not in jobs(beat)
    assert jobs(beat) == set(app.conf.beat_schedule)


def test_a_job_whose_time_changed_fires_at_the_new_time_and_remembers_its_last_run(
    tmp_path, monkeypatch
):
    state = tmp_path / "celerybeat-schedule"
    earlier = dict(app.conf.beat_schedule["publish-reception-notices"], schedule=crontab(6, 0))
    monkeypatch.setitem(
        app.conf, "beat_schedule", {**app.conf.beat_schedule, "publish-reception-notices": earlier}
    )
    beat = start_beat(state)
    ran_at = dt.datetime(2026, 3, 12, 6, 0, tzinfo=beat.app.timezone)
    beat.schedule["publish-reception-notices"].last_run_at = ran_at
    beat.close()

    monkeypatch.undo()
    beat = start_beat(state)
    entry = beat.schedule["publish-reception-notices"]
    beat.close()
    assert entry.schedule == crontab(hour=7, minute=0)
    assert entry.last_run_at == ran_at


def test_every_job_names_a_task_the_worker_knows():
    app.loader.import_default_modules()
    unknown = {
        name: entry["task"]
        for name, entry in app.conf.beat_schedule.items()
        if entry["task"] not in app.tasks
    }
    assert unknown == {}


def test_every_job_expires_before_it_would_fire_again():
    late = {
        name: entry.get("options", {}).get("expires")
        for name, entry in app.conf.beat_schedule.items()
        if not 0 < entry.get("options", {}).get("expires", 0)
        < seconds_between_firings(entry["schedule"])
    }
    assert late == {}
