from django.db import migrations


def forget_retry_beat_entry(apps, schema_editor):
    """Beat's DatabaseScheduler keeps every entry it was ever given: the one of the task this
    release replaces (notices.tasks.sweep_messages does its work) would be sent every minute
    to workers that no longer know it."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task="notices.tasks.retry_failed_messages").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("notices", "0004_message_sent_after_commit"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(forget_retry_beat_entry, migrations.RunPython.noop),
    ]
