"""A workroom's clerk is a clerk account of the workroom's own town/street, held by the
database (workrooms.Workroom.clerk_problem says the same in Chinese, for forms and imports).

The clerk reads the workroom's visitors' personal data in full (cases.privacy). Before this,
district or city staff could name themselves clerk. Existing rows that break the rule lose
their clerk, and each is recorded (history row and audit event). Then triggers refuse:
- a workroom whose clerk is not a clerk account of its town (insert, or a change of either),
- a change of role or town of a login that is the clerk of a workroom it would no longer fit.

On PostgreSQL the two sides lock the login's row (FOR SHARE / FOR UPDATE), so a workroom
saved and its clerk moved in two concurrent transactions cannot both pass.
"""

from django.db import migrations
from django.utils import timezone

RULE = "工作室的工作人员只能是本工作室所在镇（街）的“工作室工作人员”账号（规范 第七条）。"
KEPT = "该账号是工作室的工作人员，不能改为其他角色或其他镇（街）：请先为这些工作室另选工作人员。"

POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION workrooms_clerk_of_its_town() RETURNS trigger AS $$
    BEGIN
        IF NEW.clerk_id IS NOT NULL THEN
            PERFORM 1 FROM accounts_user
             WHERE id = NEW.clerk_id AND role = 'clerk' AND town_id = NEW.town_id
               FOR SHARE;
            IF NOT FOUND THEN
                RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{RULE}',
                    CONSTRAINT = 'workrooms_workroom_clerk_of_its_town';
            END IF;
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER workrooms_workroom_clerk_of_its_town
    BEFORE INSERT OR UPDATE OF clerk_id, town_id ON workrooms_workroom
    FOR EACH ROW EXECUTE FUNCTION workrooms_clerk_of_its_town()
    """,
    f"""
    CREATE OR REPLACE FUNCTION accounts_user_clerk_keeps_town() RETURNS trigger AS $$
    BEGIN
        -- Wait for any transaction saving a workroom with this clerk (it holds FOR SHARE),
        -- then look at the workrooms as committed.
        PERFORM 1 FROM accounts_user WHERE id = NEW.id FOR UPDATE;
        IF EXISTS (
            SELECT 1 FROM workrooms_workroom w
             WHERE w.clerk_id = NEW.id
               AND (NEW.role <> 'clerk' OR NEW.town_id IS DISTINCT FROM w.town_id)
        ) THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{KEPT}',
                CONSTRAINT = 'accounts_user_clerk_keeps_town';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER accounts_user_clerk_keeps_town
    BEFORE UPDATE OF role, town_id ON accounts_user
    FOR EACH ROW
    WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.town_id IS DISTINCT FROM NEW.town_id)
    EXECUTE FUNCTION accounts_user_clerk_keeps_town()
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS workrooms_workroom_clerk_of_its_town ON workrooms_workroom",
    "DROP FUNCTION IF EXISTS workrooms_clerk_of_its_town()",
    "DROP TRIGGER IF EXISTS accounts_user_clerk_keeps_town ON accounts_user",
    "DROP FUNCTION IF EXISTS accounts_user_clerk_keeps_town()",
]

SQLITE_MISFIT = """NEW.clerk_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM accounts_user u
     WHERE u.id = NEW.clerk_id AND u.role = 'clerk' AND u.town_id = NEW.town_id)"""
SQLITE = [
    f"""
    CREATE TRIGGER workrooms_workroom_clerk_of_its_town_insert
    BEFORE INSERT ON workrooms_workroom FOR EACH ROW WHEN {SQLITE_MISFIT}
    BEGIN SELECT RAISE(ABORT, '{RULE}'); END
    """,
    f"""
    CREATE TRIGGER workrooms_workroom_clerk_of_its_town_update
    BEFORE UPDATE OF clerk_id, town_id ON workrooms_workroom FOR EACH ROW WHEN {SQLITE_MISFIT}
    BEGIN SELECT RAISE(ABORT, '{RULE}'); END
    """,
    f"""
    CREATE TRIGGER accounts_user_clerk_keeps_town
    BEFORE UPDATE OF role, town_id ON accounts_user FOR EACH ROW WHEN EXISTS (
        SELECT 1 FROM workrooms_workroom w
         WHERE w.clerk_id = NEW.id
           AND (NEW.role <> 'clerk' OR NEW.town_id IS NULL OR NEW.town_id <> w.town_id))
    BEGIN SELECT RAISE(ABORT, '{KEPT}'); END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS workrooms_workroom_clerk_of_its_town_insert",
    "DROP TRIGGER IF EXISTS workrooms_workroom_clerk_of_its_town_update",
    "DROP TRIGGER IF EXISTS accounts_user_clerk_keeps_town",
]


def remove_misfit_clerks(apps, schema_editor):
    """Workrooms whose clerk is not a clerk account of their town lose that clerk; the
    change is kept in the workroom's history and in the audit trail."""
    Workroom = apps.get_model("workrooms", "Workroom")
    HistoricalWorkroom = apps.get_model("workrooms", "HistoricalWorkroom")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    rooms = Workroom.objects.exclude(clerk=None).select_related("clerk")
    now = timezone.now()
    for room in rooms:
        clerk = room.clerk
        if clerk.role == "clerk" and clerk.town_id == room.town_id:
            continue
        room.clerk = None
        room.save(update_fields=["clerk"])
        HistoricalWorkroom.objects.create(
            **{f.attname: getattr(room, f.attname) for f in Workroom._meta.concrete_fields},
            history_date=now, history_type="~",
            history_change_reason="工作人员不是本镇（街）的工作室工作人员账号，已移除",
        )
        AuditEvent.objects.create(
            kind="visitor_access", username="migrate", object_type="workrooms.workroom",
            object_id=str(room.pk), object_repr=room.name[:200],
            detail={"clerk": {"before": clerk.username, "after": ""},
                    "reason": "工作人员不是本镇（街）的工作室工作人员账号"},
        )


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRES, "sqlite": SQLITE}.get(vendor, []):
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("workrooms", "0001_initial"),
        ("accounts", "0004_watch_tables"),
        ("audit", "0002_alter_auditevent_kind"),
    ]

    operations = [
        migrations.RunPython(remove_misfit_clerks, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]
