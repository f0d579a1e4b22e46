"""Guangzhou's 11 districts and 176 towns/streets from the NBS 2023 division table (data/SOURCES.md)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "guangzhou_divisions.csv"


def load(apps, schema_editor):
    District = apps.get_model("regions", "District")
    Town = apps.get_model("regions", "Town")
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    districts = {}
    for row in rows:
        if row["district_code"] not in districts:
            districts[row["district_code"]], _ = District.objects.get_or_create(
                code=row["district_code"], defaults={"name": row["district_name"]}
            )
    for row in rows:
        Town.objects.get_or_create(
            code=row["division_code"],
            defaults={
                "district": districts[row["district_code"]],
                "name": row["division_name"],
                "kind": row["division_type"],
            },
        )


def unload(apps, schema_editor):
    codes = [row["division_code"] for row in csv.DictReader(DATA.open(encoding="utf-8"))]
    apps.get_model("regions", "Town").objects.filter(code__in=codes).delete()
    apps.get_model("regions", "District").objects.filter(towns__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
