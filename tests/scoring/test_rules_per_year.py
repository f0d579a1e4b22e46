"""Rules are rows per year: copied forward by staff, and used for a later year until then."""

import pytest

from members.models import Member
from scoring.models import QuotaRule, ScoringRule
from scoring.quotas import quota_status
from scoring.services import rules_copy

from .conftest import city_member

pytestmark = pytest.mark.django_db


def test_copying_a_year_creates_the_next_years_rules_once():
    quotas, scores = rules_copy(from_year=2027, to_year=2028)
    assert quotas == QuotaRule.objects.filter(year=2027).count() > 0
    assert scores == ScoringRule.objects.filter(year=2027).count() > 0
    assert rules_copy(from_year=2027, to_year=2028) == (0, 0)


def test_a_year_without_rules_uses_the_latest_earlier_years():
    member = city_member()
    status = quota_status(members=Member.objects.filter(pk=member.pk), year=2030)
    assert status.rules_year == 2027 and status.rules
    assert quota_status(members=Member.objects.none(), year=2018).rules == []


def test_an_edited_minimum_changes_the_quota_for_that_year_only():
    QuotaRule.objects.filter(year=2027, kind="proposal").update(minimum=3)
    member = city_member()
    for year, minimum in ((2026, 1), (2027, 3)):
        row = quota_status(members=Member.objects.filter(pk=member.pk), year=year).rows[0]
        assert next(q for q in row.applicable if q.rule.kind == "proposal").minimum == minimum


def test_copying_a_year_onto_itself_is_refused_in_chinese():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="目标年度不能与来源年度相同"):
        rules_copy(from_year=2026, to_year=2026)
