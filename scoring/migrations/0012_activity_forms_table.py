"""规范 第十条, 举措 三（二）: the forms of community work become a table staff edit, seeded with
the documents' forms (群众评议 added), and a duty record's form a foreign key to it by code:
the column keeps the codes it held, an empty one becomes NULL."""

import django.db.models.deletion
import scoring.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


SEEDED = [  # (code, name, order): 规范 第十条 and 举措 三（二）
    ("reception_day", "委员接待日", 10),
    ("research", "基层调研", 20),
    ("residents_consultation", "居民协商会", 30),
    ("public_appraisal", "群众评议", 40),
    ("policy_briefing", "政策宣讲", 50),
    ("legal_advice", "法律和信息咨询", 60),
    ("sector_activity", "界别活动", 70),
]


def seed_forms(apps, schema_editor):
    ActivityForm = apps.get_model("scoring", "ActivityForm")
    for code, name, order in SEEDED:
        ActivityForm.objects.update_or_create(code=code, defaults={"name": name, "order": order})


def unseed_forms(apps, schema_editor):
    apps.get_model("scoring", "ActivityForm").objects.filter(
        code__in=[code for code, _name, _order in SEEDED]
    ).delete()


def blank_to_null(apps, schema_editor):
    for model in ("DutyRecord", "HistoricalDutyRecord"):
        apps.get_model("scoring", model).objects.filter(activity_form="").update(activity_form=None)


def null_to_blank(apps, schema_editor):
    for model in ("DutyRecord", "HistoricalDutyRecord"):
        apps.get_model("scoring", model).objects.filter(activity_form=None).update(activity_form="")


def nullable(name):
    return models.CharField(
        blank=True, null=True, max_length=24, db_column=name, verbose_name="活动形式",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('regions', '0002_load_guangzhou_divisions'),
        ('scoring', '0011_committee_liaison_plan'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ActivityForm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=30, verbose_name='名称')),
                ('code', models.SlugField(default=scoring.models.new_form_code, editable=False, max_length=24, unique=True, verbose_name='代码')),
                ('active', models.BooleanField(default=True, help_text='停用后不再供登记新活动选择，已登记的记录不受影响。', verbose_name='启用')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='排序')),
                ('district', models.ForeignKey(blank=True, help_text='留空表示全市通用；填写则为该区自定的本地活动形式。', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='activity_forms', to='regions.district', verbose_name='区')),
            ],
            options={
                'verbose_name': '活动形式',
                'verbose_name_plural': '活动形式',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalActivityForm',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=30, verbose_name='名称')),
                ('code', models.SlugField(default=scoring.models.new_form_code, editable=False, max_length=24, verbose_name='代码')),
                ('active', models.BooleanField(default=True, help_text='停用后不再供登记新活动选择，已登记的记录不受影响。', verbose_name='启用')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='排序')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('district', models.ForeignKey(blank=True, db_constraint=False, help_text='留空表示全市通用；填写则为该区自定的本地活动形式。', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.district', verbose_name='区')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 活动形式',
                'verbose_name_plural': 'historical 活动形式',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='activityform',
            constraint=models.UniqueConstraint(fields=('district', 'name'), name='scoring_activityform_unique_local_name', violation_error_message='本区已有同名的活动形式。'),
        ),
        migrations.AddConstraint(
            model_name='activityform',
            constraint=models.UniqueConstraint(condition=models.Q(('district__isnull', True)), fields=('name',), name='scoring_activityform_unique_shared_name', violation_error_message='已有同名的全市通用活动形式。'),
        ),
        migrations.RunPython(seed_forms, unseed_forms),
        migrations.AlterField(
            model_name='dutyrecord', name='activity_form', field=nullable('activity_form'),
        ),
        migrations.AlterField(
            model_name='historicaldutyrecord', name='activity_form',
            field=nullable('activity_form'),
        ),
        migrations.RunPython(blank_to_null, null_to_blank),
        migrations.AlterField(
            model_name='dutyrecord',
            name='activity_form',
            field=models.ForeignKey(blank=True, db_column='activity_form', help_text='进社区活动的形式（规范 第十条）。', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='scoring.activityform', to_field='code', verbose_name='活动形式'),
        ),
        migrations.AlterField(
            model_name='historicaldutyrecord',
            name='activity_form',
            field=models.ForeignKey(blank=True, db_column='activity_form', db_constraint=False, help_text='进社区活动的形式（规范 第十条）。', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='scoring.activityform', to_field='code', verbose_name='活动形式'),
        ),
    ]
