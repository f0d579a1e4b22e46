"""Seed the yearly quotas (举措 三; 规范 第五条), the scoring rules (规范 第十四条 and local
settings) and the reminder dates (local settings), for 2026 and 2027.

举措 is addressed to 市政协委员, so its quotas are seeded for city members; the 2 community
visits of 规范 第五条 bind every level except exempt members. Staff change all of it in the admin.
"""

from decimal import Decimal

from django.db import migrations

YEARS = (2026, 2027)

# (position, measure, kind, minimum, maximum, applies_to, level, basis)
QUOTAS = [
    (1, "records", "proposal", 1, None, "all", "city", "举措 三(一)"),
    (2, "records", "social_report", 1, None, "all", "city", "举措 三(一)"),
    (3, "records", "committee_research", 1, None, "all", "city", "举措 三(一)"),
    (4, "records", "standing_deliberation", 1, None, "standing", "city", "举措 三(一)"),
    (5, "records", "community_activity", 2, None, "non_exempt", "", "规范 第五条；举措 三(二)"),
    (6, "records", "grassroots", 1, None, "all", "city", "举措 三(六)"),
    (7, "constituents", "", 3, 5, "all", "city", "举措 三(三)"),
]

# (kind, level, category, points, is_local_setting, basis)
SCORING = [
    ("community_activity", "city", "topic_consultation", "10", False, "规范 第十四条"),
    ("proposal", "", "proposal", "5", True, ""),
    ("social_report", "", "social_report", "3", True, ""),
    ("committee_research", "", "research", "3", True, ""),
    ("standing_deliberation", "", "topic_consultation", "5", True, ""),
    ("consultation", "", "topic_consultation", "3", True, ""),
    ("speech", "", "speech", "3", True, ""),
    ("online", "", "liaison", "1", True, ""),
    ("grassroots", "", "liaison", "2", True, ""),
    ("constituent_contact", "", "liaison", "1", True, ""),
    ("member_workroom", "", "liaison", "2", True, ""),
]

REMINDER_DAYS = [(10, 1), (11, 15)]


def seed(apps, schema_editor):
    QuotaRule = apps.get_model("scoring", "QuotaRule")
    ScoringRule = apps.get_model("scoring", "ScoringRule")
    QuotaReminderDate = apps.get_model("scoring", "QuotaReminderDate")
    for year in YEARS:
        for position, measure, kind, minimum, maximum, applies_to, level, basis in QUOTAS:
            QuotaRule.objects.get_or_create(
                year=year, measure=measure, kind=kind, applies_to=applies_to, level=level,
                defaults={
                    "position": position, "minimum": minimum, "maximum": maximum,
                    "basis": basis, "is_local_setting": False,
                },
            )
        for kind, level, category, points, local, basis in SCORING:
            ScoringRule.objects.get_or_create(
                year=year, kind=kind, level=level,
                defaults={
                    "category": category, "points": Decimal(points),
                    "is_local_setting": local, "basis": basis,
                },
            )
    for month, day in REMINDER_DAYS:
        QuotaReminderDate.objects.get_or_create(month=month, day=day)


def unseed(apps, schema_editor):
    apps.get_model("scoring", "QuotaRule").objects.filter(year__in=YEARS).delete()
    apps.get_model("scoring", "ScoringRule").objects.filter(year__in=YEARS).delete()
    QuotaReminderDate = apps.get_model("scoring", "QuotaReminderDate")
    for month, day in REMINDER_DAYS:
        QuotaReminderDate.objects.filter(month=month, day=day).delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0002_rules_sector_activities_reminders")]

    operations = [migrations.RunPython(seed, unseed)]
