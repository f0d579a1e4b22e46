from django.db import migrations

# members/search.py looks members up through this expression; keep the two equal.
INDEX = (
    "CREATE INDEX IF NOT EXISTS members_member_search_chars ON members_member USING gin "
    "(string_to_array(upper(name || ' ' || work_unit || ' ' || post), NULL))"
)


def index(apps, schema_editor):
    """GIN index over each member's characters, on PostgreSQL only (members/search.py;
    elsewhere the admin's search is LIKE alone)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS members_member_search_chars")


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0005_member_photo_checked"),
    ]

    operations = [migrations.RunPython(index, unindex)]
