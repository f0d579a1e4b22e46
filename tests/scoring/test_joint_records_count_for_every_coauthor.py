"""举措 三（一）: 提案（含联名提案）、社情民意信息（含联名反映） count for every co-author."""

import pytest

from members.models import Member
from scoring.choices import DutyKind
from scoring.quotas import quota_status

from .conftest import YEAR, city_member, record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", [DutyKind.PROPOSAL, DutyKind.SOCIAL_REPORT])
def test_a_joint_record_meets_the_quota_of_each_coauthor(kind):
    authors = [city_member() for _ in range(3)]
    bystander = city_member()
    record(kind, *authors)
    status = quota_status(members=Member.objects.all(), year=YEAR)
    met = {
        row.member.pk: next(q for q in row.applicable if q.rule.kind == kind).met
        for row in status.rows
    }
    assert all(met[a.pk] for a in authors)
    assert not met[bystander.pk]
