"""The seeded 2026 rules are those of 举措 三 and 规范 第五条, 规范 第十四条; other values are
local."""

from decimal import Decimal

import pytest

from scoring.models import QuotaReminderDate, QuotaRule, ScoringRule

pytestmark = pytest.mark.django_db


def _quota(kind="", measure="records"):
    return QuotaRule.objects.get(year=2026, kind=kind, measure=measure)


def test_city_members_owe_one_proposal_report_research_and_grassroots_activity():
    # 举措 三（一）, 举措 三（六）
    for kind in ("proposal", "social_report", "committee_research", "grassroots"):
        rule = _quota(kind)
        assert (rule.minimum, rule.applies_to, rule.level) == (1, "all", "city")
        assert not rule.is_local_setting


def test_standing_deliberation_binds_standing_members_only():
    assert _quota("standing_deliberation").applies_to == "standing"  # 举措 三（一）


def test_two_community_visits_bind_every_level_except_exempt_members():
    rule = _quota("community_activity")  # 规范 第五条
    assert (rule.minimum, rule.applies_to, rule.level) == (2, "non_exempt", "")


def test_three_to_five_paired_constituents():
    rule = _quota(measure="constituents")  # 举措 三（三）
    assert (rule.minimum, rule.maximum) == (3, 5)


def test_city_members_visit_earns_ten_points_in_topic_consultation_and_is_not_local():
    rule = ScoringRule.objects.get(year=2026, kind="community_activity", level="city")
    assert rule.category == "topic_consultation" and rule.points == Decimal(10)  # 规范 第十四条
    assert not rule.is_local_setting
    others = ScoringRule.objects.filter(year=2026).exclude(pk=rule.pk)
    assert others.exists() and all(other.is_local_setting for other in others)


def test_reminder_dates_are_first_october_and_fifteenth_november():
    assert list(QuotaReminderDate.objects.values_list("month", "day")) == [(10, 1), (11, 15)]
