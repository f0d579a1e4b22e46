"""Cached results keyed by the generations of the tables they read (accounts/generations.py):
every kind of write to a watched table changes its generation in the same
transaction, so nothing cached outlives the data it was computed from, and writers of one
table never wait for one another on it."""

import pytest
from django.db import connection, transaction

from accounts import generations
from members.models import Member, Sector

from ..factories import MemberFactory

pytestmark = pytest.mark.django_db


def token(table="members_member"):
    return generations.generations([table])[0]


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
    assert token(table) not in ((0, 0), before)


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
        return generations.at(["members_member"]).cached("test_members", "all",
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
        generations.generations(["cases_case"])


def test_each_statement_of_one_transaction_changes_the_generation_again():
    """A transaction that writes twice has one row, renewed by each statement: a result
    cached between its two writes is not what its second write leaves."""
    member = MemberFactory(name="张三")
    seen = set()
    with transaction.atomic():
        for post in ("主任", "副主任", "委员"):
            Member.objects.filter(pk=member.pk).update(post=post)
            seen.add(token())
    assert len(seen) == 3


def test_compacting_folds_the_rows_into_one_and_changes_the_generation():
    MemberFactory(name="张三")
    before = token()
    removed = generations.compact(["members_member"])
    assert removed >= 1
    assert token()[0] == 1 and token() != before



@pytest.mark.django_db(transaction=True)
def test_writers_of_one_table_never_wait_for_each_other(personas):
    """PostgreSQL: a transaction that wrote members and has not committed does not make a
    second writer of members wait on the generation (each has its own row); the second one's
    write shows in the generation when it commits, the first one's when it does. SQLite runs
    one writer at a time and keeps a single row per table."""
    import threading

    from django.db import connections

    first, second = MemberFactory(name="甲"), MemberFactory(name="乙")
    if connection.vendor != "postgresql":
        Member.objects.filter(pk=first.pk).update(post="主任")
        assert token()[0] == 1
        return
    held, release, outcome = threading.Event(), threading.Event(), {}

    def slow_writer():
        try:
            with transaction.atomic():
                Member.objects.filter(pk=first.pk).update(post="主任")
                held.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert held.wait(10)
    before = token()
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '2s'")
    try:
        with transaction.atomic():  # would fail with a lock timeout if it had to wait
            Member.objects.filter(pk=second.pk).update(post="委员")
        outcome["second"] = token()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
        release.set()
        thread.join(10)
    assert outcome["second"] != before
    assert token() != outcome["second"]  # the first writer's commit shows too


def test_beat_compacts_the_generations_every_few_minutes():
    """Each write transaction leaves a row per table; beat's job folds them, so reading a
    generation stays short however long the product runs."""
    from accounts.tasks import compact_generations
    from config.celery import app

    for name in ("甲", "乙", "丙"):
        MemberFactory(name=name)
    before = token()
    compact_generations.delay()
    assert token()[0] == 1 and token() != before
    entry = app.conf.beat_schedule["compact-generations"]
    assert entry["task"] == compact_generations.name and entry["schedule"] <= 600
