"""The State Council's 2026 schedule (国务院办公厅 2025-11-04), from data/holidays_2026.csv."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "holidays_2026.csv"


def load(apps, schema_editor):
    Holiday = apps.get_model("receptions", "Holiday")
    CalendarYear = apps.get_model("receptions", "CalendarYear")
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Holiday.objects.get_or_create(
                date=row["date"],
                defaults={"kind": row["kind"], "name": row["name"], "source": "notice"},
            )
    CalendarYear.objects.get_or_create(
        year=2026,
        defaults={"complete": True, "source": "国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）"},
    )


def unload(apps, schema_editor):
    apps.get_model("receptions", "Holiday").objects.filter(date__year=2026, source="notice").delete()
    apps.get_model("receptions", "CalendarYear").objects.filter(year=2026).delete()


class Migration(migrations.Migration):
    dependencies = [("receptions", "0001_holiday_calendar")]
    operations = [migrations.RunPython(load, unload)]
