from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notices", "0006_drop_the_database_beat_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="link",
            field=models.CharField(blank=True, max_length=200, verbose_name="相关页面"),
        ),
    ]
