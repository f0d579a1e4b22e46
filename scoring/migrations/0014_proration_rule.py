"""The part-year rule (规范 第五条 sets a yearly duty; how a member who joins or leaves
mid-year owes it is a local setting): seeded from the first year the platform records, 2019:
each quota × whole months served ÷ 12, rounded up, nothing owed below 3 months. Staff edit it.
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def seed(apps, schema_editor):
    ProrationRule = apps.get_model("scoring", "ProrationRule")
    ProrationRule.objects.get_or_create(from_year=2019, defaults={
        "months": "whole", "rounding": "up", "waived_below_months": 3,
        "basis": "本地设置：文件未规定年中任职、离任的折算办法",
    })


def unseed(apps, schema_editor):
    apps.get_model("scoring", "ProrationRule").objects.filter(from_year=2019).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0013_duty_record_help_in_chinese'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ProrationRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_year', models.PositiveSmallIntegerField(help_text='自该年度起适用，直至有更晚年度的折算规则。', unique=True, verbose_name='起始年度')),
                ('months', models.CharField(choices=[('whole', '只计完整在任的月份'), ('mid_month', '当月15日在任即计一个月'), ('any_day', '当月在任任何一天即计一个月'), ('none', '不折算：当年在任过即按全年要求')], default='whole', max_length=12, verbose_name='在任月数计法')),
                ('rounding', models.CharField(choices=[('up', '向上取整'), ('half_up', '四舍五入'), ('down', '向下取整')], default='up', help_text='年度指标 × 在任月数 ÷ 12 之后的取整方式。', max_length=8, verbose_name='折算取整')),
                ('waived_below_months', models.PositiveSmallIntegerField(default=3, help_text='当年在任月数少于此数的委员，当年各项指标不作要求；0 表示不设。', validators=[django.core.validators.MaxValueValidator(12)], verbose_name='在任不足几个月不作要求')),
                ('basis', models.CharField(blank=True, max_length=100, verbose_name='依据')),
                ('is_local_setting', models.BooleanField(default=True, editable=False, help_text='文件未规定年中任职、离任如何计算，由本地设定。', verbose_name='本地设置')),
            ],
            options={
                'verbose_name': '年中任职离任折算规则',
                'verbose_name_plural': '年中任职离任折算规则',
                'ordering': ['-from_year'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalProrationRule',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('from_year', models.PositiveSmallIntegerField(db_index=True, help_text='自该年度起适用，直至有更晚年度的折算规则。', verbose_name='起始年度')),
                ('months', models.CharField(choices=[('whole', '只计完整在任的月份'), ('mid_month', '当月15日在任即计一个月'), ('any_day', '当月在任任何一天即计一个月'), ('none', '不折算：当年在任过即按全年要求')], default='whole', max_length=12, verbose_name='在任月数计法')),
                ('rounding', models.CharField(choices=[('up', '向上取整'), ('half_up', '四舍五入'), ('down', '向下取整')], default='up', help_text='年度指标 × 在任月数 ÷ 12 之后的取整方式。', max_length=8, verbose_name='折算取整')),
                ('waived_below_months', models.PositiveSmallIntegerField(default=3, help_text='当年在任月数少于此数的委员，当年各项指标不作要求；0 表示不设。', validators=[django.core.validators.MaxValueValidator(12)], verbose_name='在任不足几个月不作要求')),
                ('basis', models.CharField(blank=True, max_length=100, verbose_name='依据')),
                ('is_local_setting', models.BooleanField(default=True, editable=False, help_text='文件未规定年中任职、离任如何计算，由本地设定。', verbose_name='本地设置')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 年中任职离任折算规则',
                'verbose_name_plural': 'historical 年中任职离任折算规则',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(seed, unseed),
    ]
