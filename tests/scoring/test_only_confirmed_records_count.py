"""举措 四（四）: records count once staff of the committee or district confirm them."""

import pytest

from members.models import Member
from scoring.choices import DutyKind
from scoring.quotas import quota_status
from scoring.services import duty_records_confirm

from .conftest import YEAR, city_member, record

pytestmark = pytest.mark.django_db


def _proposal(member):
    row = quota_status(members=Member.objects.filter(pk=member.pk), year=YEAR).rows[0]
    return next(q for q in row.applicable if q.rule.kind == DutyKind.PROPOSAL), row


def test_an_unconfirmed_record_is_pending_and_counts_once_confirmed(personas):
    member = city_member()
    entry = record(DutyKind.PROPOSAL, member, confirmed=False)
    progress, row = _proposal(member)
    assert (progress.count, progress.pending, row.total_points) == (0, 1, 0)
    from scoring.models import DutyRecord

    records = DutyRecord.objects.filter(pk=entry.pk)
    assert duty_records_confirm(records=records, by=personas.economy_staff) == 1
    progress, row = _proposal(member)
    assert (progress.count, progress.pending) == (1, 0) and row.total_points > 0
    entry.refresh_from_db()
    assert entry.confirmed_by == personas.economy_staff and entry.confirmed_at


def test_confirming_twice_changes_nothing_the_second_time(personas):
    from scoring.models import DutyRecord

    record(DutyKind.PROPOSAL, city_member(), confirmed=False)
    records = DutyRecord.objects.all()
    assert duty_records_confirm(records=records, by=personas.city) == 1
    assert duty_records_confirm(records=records, by=personas.economy_staff) == 0
    assert DutyRecord.objects.get().confirmed_by == personas.city
