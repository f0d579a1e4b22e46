"""Each member's yearly tally (what the staff table, the reports and the quota engine read)
stays equal to a recount of the duty records after every kind of change; a change rolled
back leaves it as it was. 举措 三（一）: a joint record counts for every co-author;
举措 四（四）: a record counts as done only once staff confirm it."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from audit.services import records_void
from scoring.choices import DutyKind
from scoring.models import TALLY_FIELDS, DutyRecord, MemberTally
from scoring.quotas import QuotaTable, quota_status
from scoring.services import duty_records_confirm
from scoring.tallies import _counted, tallies_rebuild

from ..factories import MemberFactory
from .conftest import YEAR, city_member, full_year, record

pytestmark = pytest.mark.django_db

YEARS = (YEAR - 1, YEAR, YEAR + 1)


def stored() -> dict:
    return {
        (row.pop("member_id"), row.pop("year")): row
        for row in MemberTally.objects.values("member_id", "year", *TALLY_FIELDS)
        if any(row[name] for name in TALLY_FIELDS)
    }


def recounted() -> dict:
    return {key: row for key, row in _counted(None, YEARS).items() if any(row.values())}


def assert_equal():
    assert stored() == recounted()


def tally(member, year=YEAR) -> dict:
    row = MemberTally.objects.filter(member=member, year=year).values(*TALLY_FIELDS).first()
    return {name: n for name, n in (row or {}).items() if n}


def test_a_joint_record_counts_for_every_co_author_and_pending_until_confirmed():
    a, b = MemberFactory(), MemberFactory()
    joint = record(DutyKind.PROPOSAL, a, b, confirmed=False)
    assert tally(a) == tally(b) == {"p_proposal": 1}
    duty_records_confirm(records=DutyRecord.objects.filter(pk=joint.pk), by=None)
    assert tally(a) == tally(b) == {"c_proposal": 1}
    assert_equal()


def test_moving_a_record_to_another_year_moves_its_count():
    member = MemberFactory()
    moved = record(DutyKind.SOCIAL_REPORT, member)
    moved.date = dt.date(YEAR + 1, 2, 1)
    moved.save()
    assert tally(member, YEAR) == {}
    assert tally(member, YEAR + 1) == {"c_social_report": 1}
    moved.kind = DutyKind.PROPOSAL
    moved.save()
    assert tally(member, YEAR + 1) == {"c_proposal": 1}
    assert_equal()


def test_removing_clearing_and_voiding_take_the_count_away(personas):
    a, b, c = MemberFactory(), MemberFactory(), MemberFactory()
    first = record(DutyKind.GRASSROOTS, a, b, c)
    first.members.remove(c)
    assert tally(c) == {}
    first.members.clear()
    assert tally(a) == tally(b) == {}
    first.members.add(a)
    second = record(DutyKind.GRASSROOTS, a)
    assert tally(a) == {"c_grassroots": 2}
    records_void(rows=DutyRecord.objects.filter(pk=second.pk), by=personas.city,
                      reason="重复录入")  # records are never deleted, only voided
    assert tally(a) == {"c_grassroots": 1}
    a.duty_records.remove(first)  # from the member's side
    assert tally(a) == {}
    b.duty_records.add(first)
    assert tally(b) == {"c_grassroots": 1}
    assert_equal()


def test_a_change_rolled_back_leaves_the_tally_as_it_was():
    member = MemberFactory()
    record(DutyKind.ONLINE, member)
    with pytest.raises(RuntimeError), transaction.atomic():
        record(DutyKind.ONLINE, member)
        assert tally(member) == {"c_online": 2}
        raise RuntimeError
    assert tally(member) == {"c_online": 1}


def test_rebuild_gives_the_same_rows_as_the_signals():
    members = [city_member(name=f"委员{i}") for i in range(3)]
    full_year(members[0])
    record(DutyKind.PROPOSAL, *members, confirmed=False)
    before = stored()
    MemberTally.objects.all().delete()
    tallies_rebuild(years=YEARS)
    assert stored() == before == recounted()


def test_the_sql_table_gives_every_member_the_same_verdicts_as_the_engine():
    done, some, none = city_member(name="甲"), city_member(name="乙"), MemberFactory(name="丙")
    full_year(done)
    record(DutyKind.PROPOSAL, some)
    record(DutyKind.COMMUNITY_ACTIVITY, some, confirmed=False)
    members = type(done).objects.filter(pk__in=[done.pk, some.pk, none.pk])
    engine = {row.member.pk: row for row in quota_status(members=members, year=YEAR).rows}
    table = QuotaTable(YEAR)
    annotated = table.annotate(members)
    for row in table.rows(annotated):
        same = engine[row.member.pk]
        assert row.counts == same.counts and row.pending == same.pending
        assert row.points == same.points and row.behind == same.behind
        assert [str(q) for q in row.applicable] == [str(q) for q in same.applicable]
    assert {m.pk for m in table.behind(annotated)} == {
        pk for pk, row in engine.items() if row.behind
    }
    for rule, met, bound in table.meeting(annotated):
        rows = [engine[pk].quotas[rule.pk] for pk in engine]
        assert bound == sum(q is not None for q in rows)
        assert met == sum(q is not None and q.met for q in rows)


def test_the_nightly_job_repairs_a_tally_a_bulk_write_left_behind():
    from config.celery import app
    from scoring.tasks import rebuild_tallies

    member = MemberFactory()
    today = timezone.localdate()
    bulk = DutyRecord.objects.bulk_create([
        DutyRecord(kind=DutyKind.PROPOSAL, title="批量", date=today, confirmed=True)
    ])[0]
    DutyRecord.members.through.objects.bulk_create([  # no signal fires
        DutyRecord.members.through(dutyrecord_id=bulk.pk, member_id=member.pk)
    ])
    assert tally(member, today.year) == {}
    rebuild_tallies.delay()
    assert tally(member, today.year) == {"c_proposal": 1}
    assert app.conf.beat_schedule["scoring-rebuild-tallies"]["task"] == rebuild_tallies.name


def test_a_run_over_many_members_gives_the_same_verdicts_and_relations():
    from members.models import Member

    done, some = city_member(name="甲"), city_member(name="乙")
    full_year(done)
    record(DutyKind.PROPOSAL, some)
    MemberFactory(name="丙", committee=None)
    few = quota_status(members=Member.objects.order_by("pk"), year=YEAR)
    many = quota_status(members=Member.objects.order_by("pk"), year=YEAR, many=True)
    for a, b in zip(few.rows, many.rows, strict=True):
        assert a.member == b.member and a.counts == b.counts and a.points == b.points
        assert [str(q) for q in a.applicable] == [str(q) for q in b.applicable]
        assert (a.member.sector, a.member.district, a.member.committee) == (
            b.member.sector, b.member.district, b.member.committee)
