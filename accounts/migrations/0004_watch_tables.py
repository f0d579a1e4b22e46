from django.db import migrations

# Each write to a watched table changed its row in accounts_tablegeneration, the key of the
# cached pages of the time. accounts/migrations/0008_remove_tablegeneration.py removes the
# triggers and the table; the SQL lives here so that both migrations run (and reverse)
# without the module that once held it.
TOKEN_BITS = 62
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION accounts_table_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO accounts_tablegeneration ("table", txid, token)
    VALUES (TG_TABLE_NAME, txid_current(), floor(random() * {2 ** TOKEN_BITS}::numeric)::bigint)
    ON CONFLICT ("table", txid) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$
"""
OPS = ("INSERT", "UPDATE", "DELETE")


def trigger_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS accounts_generation ON "{table}"',
            f'CREATE TRIGGER accounts_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
            f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION accounts_table_written()',
        ]
    if vendor == "sqlite":  # row triggers only: one per kind of write; one writer at a time
        return [
            f'DROP TRIGGER IF EXISTS "accounts_generation_{table}_{op.lower()}"' for op in OPS
        ] + [
            f'CREATE TRIGGER "accounts_generation_{table}_{op.lower()}" AFTER {op} ON "{table}" '
            f"BEGIN DELETE FROM accounts_tablegeneration WHERE \"table\" = '{table}'; "
            f'INSERT INTO accounts_tablegeneration ("table", txid, token) '
            f"VALUES ('{table}', NULL, random() & {2 ** TOKEN_BITS - 1}); END"
            for op in OPS
        ]
    raise NotImplementedError(f"no generation triggers for {vendor}")


def drop_trigger_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS accounts_generation ON "{table}"']
    return [f'DROP TRIGGER IF EXISTS "accounts_generation_{table}_{op.lower()}"' for op in OPS]


# The tables watched by this migration.
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
