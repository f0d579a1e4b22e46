"""The cached pages keep their entries for a short time (CACHED_PAGE_SECONDS) instead of
keying them by tables' generations: the triggers that recorded every write, the table they
wrote and the compaction job go (the beat schedule lives in code only, config/celery.py)."""

from importlib import import_module

from django.db import migrations

watched = import_module("accounts.migrations.0004_watch_tables")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0007_limit_request_reason"),
    ]

    operations = [
        migrations.RunPython(watched.unwatch, watched.watch),
        migrations.DeleteModel(name="TableGeneration"),
    ]
