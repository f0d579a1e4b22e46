from django.db import migrations

from accounts.generations import POSTGRES_FUNCTION, drop_trigger_sql, trigger_sql

# The tables watched by this migration (accounts/generations.py WATCHED at the time); a table
# watched later gets its trigger in a migration of its own.
TABLES = (
    "regions_district", "regions_town", "members_sector", "members_member",
    "members_constituent", "workrooms_workroom", "workrooms_workroom_members",
    "receptions_reception", "receptions_reception_members", "receptions_notice",
    "receptions_membercalendarfeed", "receptions_districtreceptionrule", "receptions_holiday",
    "receptions_calendaryear", "scoring_quotarule", "scoring_membertally",
)


def watch(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
    for table in TABLES:
        for statement in trigger_sql(vendor, table):
            schema_editor.execute(statement)


def unwatch(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        for statement in drop_trigger_sql(vendor, table):
            schema_editor.execute(statement)
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS accounts_table_written()")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_table_generation"),
        ("regions", "0002_load_guangzhou_divisions"),
        ("members", "0006_member_search_characters_index"),
        ("workrooms", "0001_initial"),
        ("receptions", "0004_plan_rules_notices_feeds"),
        ("scoring", "0005_member_tally"),
    ]

    operations = [migrations.RunPython(watch, unwatch)]
