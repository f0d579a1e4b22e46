from django.db import migrations

from audit.triggers import guard_install, guard_remove


def install(apps, schema_editor):
    guard_install(schema_editor.connection)


def remove(apps, schema_editor):
    guard_remove(schema_editor.connection)


class Migration(migrations.Migration):
    """The database refuses to change or delete audit events (audit/triggers.py)."""

    dependencies = [
        ("audit", "0003_separation_of_duties_events"),
    ]

    operations = [migrations.RunPython(install, remove)]
