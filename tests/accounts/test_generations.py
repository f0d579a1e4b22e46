"""Cached results keyed by the generations of the tables they read (accounts/generations.py,
issue 8): every kind of write to a watched table gives it a new token in the same
transaction, so nothing cached outlives the data it was computed from."""

import pytest
from django.db import connection, transaction

from accounts import generations
from members.models import Member, Sector

from ..factories import MemberFactory

pytestmark = pytest.mark.django_db


def token(table="members_member"):
    return generations.tokens([table])[0]


def test_every_watched_table_has_its_trigger():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c "
                           "ON c.oid = t.tgrelid WHERE t.tgname = 'accounts_generation'")
            found = {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                           "AND name LIKE 'accounts_generation_%'")
            found = {row[0] for row in cursor.fetchall()}
    assert set(generations.WATCHED) <= found


@pytest.mark.parametrize("write", ["save", "update", "bulk_create", "delete", "raw_sql",
                                   "many_to_many"])
def test_each_kind_of_write_gives_the_table_a_new_token(personas, write):
    member = MemberFactory(name="张三")
    table = "workrooms_workroom_members" if write == "many_to_many" else "members_member"
    before = token(table)
    if write == "save":
        member.post = "主任"
        member.save()
    elif write == "update":
        Member.objects.filter(pk=member.pk).update(post="主任")
    elif write == "bulk_create":
        Member.objects.bulk_create([Member(name="李四", level=member.level,
                                           district=member.district, sector=member.sector)])
    elif write == "delete":
        member.delete()
    elif write == "raw_sql":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE members_member SET post = %s WHERE id = %s",
                           ["主任", member.pk])
    else:
        personas.beijing_room.members.add(member)
    assert token(table) not in ("", before)


def test_a_rolled_back_write_leaves_the_token_as_it_was():
    MemberFactory(name="张三")
    before = token()
    with pytest.raises(RuntimeError), transaction.atomic():
        Member.objects.update(post="主任")
        assert token() != before  # the writer sees its own generation
        raise RuntimeError
    assert token() == before


def test_a_cached_result_is_computed_again_only_after_its_tables_are_written():
    calls = []

    def count_members():
        calls.append(1)
        return Member.objects.count()

    def read():
        return generations.cached("test_members", ["members_member"], "all",
                                  compute=count_members)

    first = read()
    assert read() == first and len(calls) == 1
    sector = Sector.objects.first()
    Sector.objects.filter(pk=sector.pk).update(name=sector.name + "（改）")  # another table
    assert read() == first and len(calls) == 1
    MemberFactory(name="王五")
    assert read() == first + 1 and len(calls) == 2


def test_a_table_without_the_trigger_cannot_be_named():
    with pytest.raises(ValueError, match="not watched"):
        generations.tokens(["cases_case"])
