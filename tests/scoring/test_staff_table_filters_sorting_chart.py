"""The staff table filters to members behind on something, sorts by any column, and charts
how many members meet each quota."""

import pytest
from django.urls import reverse

from members.models import Member
from scoring.choices import DutyKind
from scoring.models import DutyRecord
from scoring.quotas import QuotaTable
from scoring.services import duty_records_confirm

from ..factories import MemberFactory
from .conftest import city_member, full_year, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(personas):
    done = city_member(name="甲完成")
    full_year(done)
    some = city_member(name="乙部分")
    record(DutyKind.PROPOSAL, some)
    none = MemberFactory(name="丙区委员")
    return done, some, none


def _names(client, **params):
    response = client.get(reverse("scoring:table"), {"year": 2026, **params})
    assert response.status_code == 200
    return [row.member.name for row in response.context["page"]]


def test_behind_filter_leaves_out_members_who_met_everything(client, personas, three):
    client.force_login(personas.yuexiu_staff)
    assert "甲完成" not in _names(client, behind="1")
    assert {"乙部分", "丙区委员"} <= set(_names(client, behind="1"))


def test_sorting_by_total_points_in_both_directions(client, personas, three):
    client.force_login(personas.yuexiu_staff)
    descending = _names(client, sort="total", dir="desc")
    assert descending[0] == "甲完成"
    assert _names(client, sort="total", dir="asc")[-1] == "甲完成"


def test_sorting_by_a_quota_column(client, personas, three):
    from scoring.models import QuotaRule

    rule = QuotaRule.objects.get(year=2026, kind=DutyKind.PROPOSAL)
    client.force_login(personas.yuexiu_staff)
    names = _names(client, sort=f"q{rule.pk}", dir="desc")
    assert names[-1] == "丙区委员"  # not bound by the proposal quota: sorts last


def test_the_chart_counts_members_meeting_each_quota(client, personas, three):
    client.force_login(personas.yuexiu_staff)
    response = client.get(reverse("scoring:table"), {"year": 2026})
    chart = response.context["chart"]
    assert chart.startswith("<svg") and "提案" in chart and "已达标人数" in chart
    meeting = {rule.kind: (met, bound) for rule, met, bound in response.context["meeting"]}
    assert meeting[DutyKind.PROPOSAL] == (2, 3)  # 陈明 and the two city members are bound


@pytest.mark.parametrize("params", [{}, {"dir": "desc"}, {"sort": "level"},
                                    {"sort": "total", "dir": "desc"}, {"behind": "1"}])
def test_pages_follow_each_other_in_the_sorted_order(client, personas, three, monkeypatch,
                                                      params):
    """A page is chosen from the members alone when sorted by their own columns, from the
    joined tallies otherwise; either way the pages are the whole sorted table."""
    monkeypatch.setattr("scoring.views.PAGE_SIZE", 2)
    client.force_login(personas.yuexiu_staff)
    whole = client.get(reverse("scoring:table"), {"year": 2026, **params}).context["page"]
    names, number = [], 1
    while True:
        page = client.get(reverse("scoring:table"),
                          {"year": 2026, "page": number, **params}).context["page"]
        names += [row.member.name for row in page]
        if not page.has_next():
            break
        number += 1
    assert len(names) == whole.paginator.count > 2
    assert len(set(names)) == len(names)
    table = QuotaTable(2026)
    annotated = table.annotate(Member.objects.for_user(personas.yuexiu_staff).active())
    if params.get("behind"):
        annotated = table.behind(annotated)
    ordered = table.ordered(annotated, params.get("sort", "name"), params.get("dir"))
    assert names == [member.name for member in ordered]


def _summary(client):
    response = client.get(reverse("scoring:table"), {"year": 2026})
    meeting = {rule.kind: (met, bound) for rule, met, bound in response.context["meeting"]}
    return response.context["page"].paginator.count, meeting


def test_the_cached_count_chart_and_order_follow_every_change_within_the_minute(
    client, personas, three, cached_pages
):
    """The count, chart and order are shared by everyone with the same scope and filters
    for CACHED_PAGE_SECONDS: a confirmed record, a new member and a renamed one show within
    that time."""
    client.force_login(personas.yuexiu_staff)
    count, meeting = _summary(client)
    pending = record(DutyKind.PROPOSAL, personas.member, confirmed=False)
    duty_records_confirm(records=DutyRecord.objects.filter(pk=pending.pk),
                         by=personas.yuexiu_staff)
    city_member(name="丁新委员")
    assert _summary(client) == (count, meeting)  # still the count of a moment ago

    cached_pages.wait(cached_pages.seconds)
    new_count, new_meeting = _summary(client)
    assert new_count == count + 1
    assert new_meeting[DutyKind.PROPOSAL][0] == meeting[DutyKind.PROPOSAL][0] + 1
    assert "丁新委员" in _names(client)

    Member.objects.filter(name="丁新委员").update(name="一号委员")
    cached_pages.wait(cached_pages.seconds)
    in_order = Member.objects.for_user(personas.yuexiu_staff).active().order_by("name", "pk")
    assert _names(client) == [member.name for member in in_order]
    assert "一号委员" in _names(client)


def test_staff_of_two_districts_never_share_a_cached_count(client, personas, three,
                                                            cached_pages):
    client.force_login(personas.yuexiu_staff)
    yuexiu = _summary(client)[0]
    client.force_login(personas.liwan_staff)
    liwan = _summary(client)[0]
    assert liwan != yuexiu
    assert liwan == Member.objects.for_user(personas.liwan_staff).active().count()
