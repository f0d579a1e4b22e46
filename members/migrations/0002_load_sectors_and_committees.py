"""Seed sectors and special committees from data/ (starting points staff edit in the admin).

规范 第五条: 港澳界别委员 are exempt from community duty for now, so the two 特邀港澳 sectors
start with the exemption flag on.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
EXEMPT_SECTORS = {"特邀香港人士", "特邀澳门人士"}


def rows(name):
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    Sector = apps.get_model("members", "Sector")
    Committee = apps.get_model("members", "Committee")
    for row in rows("cppcc_sectors.csv"):
        Sector.objects.get_or_create(
            name=row["name"],
            defaults={
                "notes": row["notes"],
                "exempt_from_community_duty": row["name"] in EXEMPT_SECTORS,
            },
        )
    for row in rows("special_committees.csv"):
        Committee.objects.get_or_create(name=row["name"], defaults={"notes": row["notes"]})


def unload(apps, schema_editor):
    names = [row["name"] for row in rows("cppcc_sectors.csv")]
    apps.get_model("members", "Sector").objects.filter(name__in=names, members__isnull=True).delete()
    names = [row["name"] for row in rows("special_committees.csv")]
    apps.get_model("members", "Committee").objects.filter(
        name__in=names, members__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
