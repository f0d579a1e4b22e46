"""The cached pages keep their entries for a short time (CACHED_PAGE_SECONDS) instead of
keying them by tables' generations: the triggers that recorded every write, the table they
wrote and the beat entry that compacted it go."""

from importlib import import_module

from django.db import migrations

watched = import_module("accounts.migrations.0004_watch_tables")


def forget_compaction(apps, schema_editor):
    """django-celery-beat's DatabaseScheduler keeps firing an entry removed from the code."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task="accounts.tasks.compact_generations").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0007_limit_request_reason"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(forget_compaction, migrations.RunPython.noop),
        migrations.RunPython(watched.unwatch, watched.watch),
        migrations.DeleteModel(name="TableGeneration"),
    ]
