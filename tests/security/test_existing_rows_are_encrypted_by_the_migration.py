"""The data migrations encrypt rows that were saved in plain text, and decrypt them back
when unapplied (STYLE.md: data migrations are reversible)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("cases", "0002_seed_topics_routing_settings_departments"), ("members", "0003_import_run"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    """Every app's latest migration: the way down to BEFORE also unapplies the migrations of
    other apps that depend on later ones of cases and members, and the tests after this
    one need them."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def raw_visitor(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone, address FROM cases_visitor WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True)
def test_plain_rows_are_encrypted_forwards_and_decrypted_backwards(personas):
    room = personas.beijing_room
    old = migrate(BEFORE)
    activity = old.get_model("cases", "Activity").objects.create(workroom_id=room.pk)
    visitor = old.get_model("cases", "Visitor").objects.create(
        activity=activity, name="王小明", phone="13812345678", address="越秀区北京路1号",
        consent_to_contact=True,
    )
    member = old.get_model("members", "Member").objects.get(pk=personas.member.pk)
    person = old.get_model("members", "Constituent").objects.create(
        member=member, name="周群众", phone="13500001234"
    )
    assert raw_visitor(visitor.pk) == ("王小明", "13812345678", "越秀区北京路1号")

    new = migrate(latest())
    assert all(value.startswith("gAAAAA") for value in raw_visitor(visitor.pk))
    again = new.get_model("cases", "Visitor").objects.get(pk=visitor.pk)
    assert (again.name, again.phone, again.consent_recorded_at) == (
        "王小明", "13812345678", again.created_at
    )
    assert new.get_model("members", "Constituent").objects.get(pk=person.pk).phone == (
        "13500001234"
    )

    migrate(BEFORE)
    assert raw_visitor(visitor.pk) == ("王小明", "13812345678", "越秀区北京路1号")
    migrate(latest())
