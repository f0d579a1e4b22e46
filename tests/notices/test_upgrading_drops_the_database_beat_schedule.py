"""A database that ran django-celery-beat loses its tables and migration records on upgrade:
beat runs the schedule in config/celery.py, and nothing is left that looks like a second,
editable schedule. A database that never had them migrates the same."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

BEFORE = [("notices", "0005_forget_the_retry_beat_entry")]
AFTER = [("notices", "0006_drop_the_database_beat_schedule")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture(autouse=True)
def _schema_back_to_the_latest():
    """The tests after these see every app's latest schema again (notices' later migrations,
    and those of other apps that depend on them, unapplied on the way back), not the one
    these tests stop at."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def beat_tables() -> set[str]:
    return {t for t in connection.introspection.table_names() if t.startswith("django_celery_beat")}


def install_the_old_schedule():
    """The tables the old scheduler used, as its migrations left them (the columns that
    matter here), with an entry of a task that no longer exists."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE django_celery_beat_intervalschedule (id integer PRIMARY KEY)")
        cursor.execute(
            "CREATE TABLE django_celery_beat_periodictask (id integer PRIMARY KEY, "
            "task varchar(200), interval_id integer "
            "REFERENCES django_celery_beat_intervalschedule (id))"
        )
        cursor.execute("INSERT INTO django_celery_beat_intervalschedule VALUES (1)")
        cursor.execute(
            "INSERT INTO django_celery_beat_periodictask "
            "VALUES (1, 'notices.tasks.retry_failed_messages', 1)"
        )
    MigrationRecorder(connection).record_applied("django_celery_beat", "0001_initial")


@pytest.mark.django_db(transaction=True)
def test_upgrading_drops_the_old_schedules_tables_and_records():
    migrate(BEFORE)
    install_the_old_schedule()
    assert beat_tables() == {
        "django_celery_beat_intervalschedule", "django_celery_beat_periodictask"
    }

    migrate(AFTER)
    assert beat_tables() == set()
    recorder = MigrationRecorder(connection)
    assert not recorder.migration_qs.filter(app="django_celery_beat").exists()
    assert recorder.migration_qs.filter(app="notices", name=AFTER[0][1]).exists()


@pytest.mark.django_db(transaction=True)
def test_a_database_that_never_had_it_migrates_back_and_forth():
    migrate(BEFORE)
    migrate(AFTER)
    assert beat_tables() == set()
