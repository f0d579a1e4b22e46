from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder

# django-celery-beat's tables, those that others refer to last.
TABLES = [
    "django_celery_beat_periodictask",
    "django_celery_beat_periodictasks",
    "django_celery_beat_clockedschedule",
    "django_celery_beat_crontabschedule",
    "django_celery_beat_intervalschedule",
    "django_celery_beat_solarschedule",
]


def drop_database_beat_schedule(apps, schema_editor):
    """Beat runs the schedule in config/celery.py with Celery's own scheduler; the database
    schedule of django-celery-beat (no longer installed) went on firing entries removed from
    the code. Its tables and its migration records go, so the database is as if it had never
    been installed. Its content types: `manage.py remove_stale_contenttypes
    --include-stale-apps` (nothing grants their permissions: accounts/permissions.py)."""
    for table in TABLES:
        schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(table)}")
    recorder = MigrationRecorder(schema_editor.connection)
    recorder.migration_qs.filter(app="django_celery_beat").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("notices", "0005_forget_the_retry_beat_entry"),
    ]

    operations = [
        migrations.RunPython(drop_database_beat_schedule, migrations.RunPython.noop),
    ]
