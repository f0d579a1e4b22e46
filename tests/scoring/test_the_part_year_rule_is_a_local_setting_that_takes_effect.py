"""规范 第五条 sets a yearly duty and says nothing of members who join or leave mid-year: how
they owe it is a row the city office edits (本地设置), and a change to it takes effect on the
next reading of every page; a row for a later year applies from that year."""

import datetime as dt

import pytest
from django.urls import reverse

from members.models import Member
from scoring.choices import MonthCounting, Rounding
from scoring.models import ProrationRule
from scoring.quotas import QuotaTable, quota_status

from .conftest import YEAR, city_member

pytestmark = pytest.mark.django_db


def _row(member, year=YEAR):
    return quota_status(members=Member.objects.filter(pk=member.pk), year=year).rows[0]


def _lacking_in_sql(member, year=YEAR) -> int:
    return QuotaTable(year).annotate(Member.objects.filter(pk=member.pk)).get().t_lacking


def test_the_seeded_rule_is_marked_a_local_setting_and_says_what_it_does():
    rule = ProrationRule.objects.get()
    assert rule.is_local_setting and rule.from_year == 2019
    assert rule.stated == ("年度指标 × 在任月数 ÷ 12，向上取整；在任月数只计完整在任的月份；"
                           "在任不足3个月的，当年不作要求")


def test_a_change_to_the_rule_changes_what_a_december_joiner_owes():
    member = city_member(joined_on=dt.date(YEAR, 12, 1))
    assert not _row(member).behind and _lacking_in_sql(member) == 0
    rule = ProrationRule.objects.get()
    rule.months, rule.waived_below_months = MonthCounting.ANY_DAY, 0
    rule.save()
    row = _row(member)
    assert row.months == 1 and {q.minimum for q in row.applicable} == {1}  # rounded up
    assert row.behind and _lacking_in_sql(member) == len(row.lacking) > 0
    rule.rounding = Rounding.DOWN
    rule.save()
    assert not _row(member).behind and _lacking_in_sql(member) == 0
    assert rule.history.count() == 2  # each change is kept


def test_a_rule_for_a_later_year_applies_from_that_year_on():
    member = city_member(joined_on=dt.date(YEAR - 1, 12, 1))
    later = city_member(joined_on=dt.date(YEAR, 12, 1))
    ProrationRule.objects.create(from_year=YEAR, months=MonthCounting.NONE)
    assert not _row(member, YEAR - 1).behind  # the seeded rule still rules the year before
    assert _row(later).behind and _row(later).months == 12  # no proration from YEAR


def test_the_admin_and_the_member_page_label_the_rule_a_local_setting(client, personas):
    client.force_login(personas.city)
    response = client.get(reverse("admin:scoring_prorationrule_changelist"))
    assert response.status_code == 200 and "本地设置" in response.content.decode()
    personas.member.joined_on = dt.date(YEAR, 9, 1)
    personas.member.save()
    client.force_login(personas.member_user)
    page = client.get(reverse("scoring:me"), {"year": YEAR}).content.decode()
    assert "本年度在任 4 个月" in page and "本地设置" in page and "全年 2" in page


def test_district_staff_read_the_rule_but_do_not_change_it(client, personas):
    client.force_login(personas.yuexiu_staff)
    rule = ProrationRule.objects.get()
    url = reverse("admin:scoring_prorationrule_change", args=[rule.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"from_year": 2019, "months": "any_day", "rounding": "up",
                      "waived_below_months": 0, "basis": ""})
    rule.refresh_from_db()
    assert rule.months == MonthCounting.WHOLE
