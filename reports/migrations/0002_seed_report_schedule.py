"""Seed the 2026 report dates. 规范 第十四条 gives the deadline (各区政协于每年12月20日前
报送); the draft date and the two reminders are 本地设置 (issue 6), editable in the admin.
Later years use the latest year's dates until staff enter their own (reports.schedule)."""

import datetime as dt

from django.db import migrations

ROWS = [
    ("draft", dt.date(2026, 12, 1), "本地设置：生成各区报告草稿", True),
    ("reminder", dt.date(2026, 12, 10), "本地设置：提醒区政协报送", True),
    ("reminder", dt.date(2026, 12, 17), "本地设置：提醒区政协报送", True),
    ("deadline", dt.date(2026, 12, 20), "规范 第十四条：每年12月20日前报送", False),
]


def seed(apps, schema_editor):
    ReportSchedule = apps.get_model("reports", "ReportSchedule")
    for kind, date, basis, local in ROWS:
        ReportSchedule.objects.get_or_create(
            year=date.year, kind=kind, date=date,
            defaults={"basis": basis, "is_local_setting": local},
        )


def unseed(apps, schema_editor):
    ReportSchedule = apps.get_model("reports", "ReportSchedule")
    for kind, date, _basis, _local in ROWS:
        ReportSchedule.objects.filter(year=date.year, kind=kind, date=date).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
