from django.db import migrations


class Migration(migrations.Migration):
    """Deleted the beat entry of a task this release replaced (notices.tasks.sweep_messages does
    its work) from django-celery-beat's database schedule, which kept every entry it was ever
    given. Beat now runs the schedule in config/celery.py and nothing else, and the next
    migration drops that database schedule, so there is nothing left to do here."""

    dependencies = [
        ("notices", "0004_message_sent_after_commit"),
    ]

    operations = []
