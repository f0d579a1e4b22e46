from importlib import import_module

from django.db import migrations

# members/search.py looks cases up through this expression (content, then community); keep
# the two equal.
INDEX = (
    "CREATE INDEX IF NOT EXISTS cases_case_search_chars ON cases_case USING gin "
    "(string_to_array(upper(content || ' ' || community), NULL))"
)
PAIRS = import_module("cases.migrations.0006_case_search_text")


def index(apps, schema_editor):
    """GIN index over each case's characters, on PostgreSQL only (elsewhere the admin's
    search is LIKE alone), as the member search has."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_case_search_chars")


def restore_pairs(apps, schema_editor):
    """Backwards: the pairs column is back (empty): fill it and index it again."""
    PAIRS.fill(apps, schema_editor)
    PAIRS.index(apps, schema_editor)


class Migration(migrations.Migration):
    """The case search narrows by the characters index, as the member search does, instead
    of a column of character pairs kept at every save (dropping the column drops its
    index)."""

    dependencies = [
        ("cases", "0010_limit_free_text_length"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_pairs),
        migrations.RemoveField(model_name="case", name="search_text"),
        migrations.RunPython(index, unindex),
    ]
