"""规范 第十条: an activity's form is a foreign key to the forms table (scoring.ActivityForm) by
code: the column keeps the codes it held, an empty one (a draft) becomes NULL."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def blank_to_null(apps, schema_editor):
    for model in ("Activity", "HistoricalActivity"):
        apps.get_model("cases", model).objects.filter(form="").update(form=None)


def null_to_blank(apps, schema_editor):
    for model in ("Activity", "HistoricalActivity"):
        apps.get_model("cases", model).objects.filter(form=None).update(form="")


def nullable():
    return models.CharField(
        blank=True, null=True, max_length=24, db_column="form", verbose_name="活动形式",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0015_consultation_topic'),
        ('members', '0008_committee_summarize_permission'),
        ('receptions', '0005_reception_view_own_permission'),
        ('scoring', '0012_activity_forms_table'),
        ('workrooms', '0002_clerk_of_its_own_town'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='activity',
            name='cases_activity_held_has_date_and_form',
        ),
        migrations.AlterField(model_name='activity', name='form', field=nullable()),
        migrations.AlterField(model_name='historicalactivity', name='form', field=nullable()),
        migrations.RunPython(blank_to_null, null_to_blank),
        migrations.AlterField(
            model_name='activity',
            name='form',
            field=models.ForeignKey(blank=True, db_column='form', help_text='规范 第十条。', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='scoring.activityform', to_field='code', verbose_name='活动形式'),
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='form',
            field=models.ForeignKey(blank=True, db_column='form', db_constraint=False, help_text='规范 第十条。', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='scoring.activityform', to_field='code', verbose_name='活动形式'),
        ),
        migrations.AddConstraint(
            model_name='activity',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'draft'), models.Q(('date__isnull', False), ('form__isnull', False)), _connector='OR'), name='cases_activity_held_has_date_and_form', violation_error_message='已举行的活动必须填写活动日期和活动形式。'),
        ),
    ]
