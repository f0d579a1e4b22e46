"""The 三率 on the district's page, in its December report (规范 第十四条), on the city's
page with the districts' map, and on a member's page: each with its definitions (口径),
period and counts; district staff see their own district only; the pages cost the same
number of queries with twice the cases."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.documents import charts_for, district_data

from ..cases.rates_data import rates_year
from ..factories import district

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def year(personas):
    return rates_year(personas)


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    return response.status_code, response.content.decode()


def test_the_district_page_shows_its_rates_with_their_definitions_and_counts(client, personas,
                                                                             year):
    url = reverse("reports:district", args=[year.yuexiu.pk, YEAR])
    status, html = page(client, personas.yuexiu_staff, url)
    assert status == 200
    assert "群众诉求“三率”与办理时效" in html and "口径说明" in html
    assert "2026年（按反映日期）" in html and "最少样本 10 件" in html
    assert "北京街道" in html and "六榕街道" in html and "华林街道" not in html
    assert "样本不足" in html  # 8 cases: below the default minimum of 10
    status, html = page(client, personas.yuexiu_staff, url, rates_by="department")
    assert "城管科" in html and "荔湾区住房和建设局" not in html


@pytest.mark.parametrize("kept_seconds", [0, 300])  # counted on each request / kept by page
def test_a_breakdown_with_many_rows_comes_a_page_at_a_time_most_cases_first(
        client, personas, year, monkeypatch, settings, kept_seconds):
    """A district has thousands of members: the breakdown shows RATES_PAGE_SIZE rows a page,
    the member or workroom with most cases first, and the pager keeps the chosen level."""
    monkeypatch.setattr("reports.views.RATES_PAGE_SIZE", 1)
    settings.REPORT_LIVE_FIGURES_SECONDS = kept_seconds
    url = reverse("reports:district", args=[year.yuexiu.pk, YEAR])
    status, html = page(client, personas.yuexiu_staff, url, rates_by="member")
    first = html.split('id="rates-breakdown"')[1]
    # The persona member took on cases 1, 2 and 3, the other member case 3 (and case 9, of
    # 荔湾区, which 越秀区's breakdown leaves out): the first comes first.
    assert status == 200 and personas.member.name in first
    assert personas.other_member.name not in first and "第 1/2 页，共 2 行" in first
    assert "?rates_by=member&amp;rates_page=2#rates-breakdown" in first
    status, html = page(client, personas.yuexiu_staff, url, rates_by="member", rates_page=2)
    second = html.split('id="rates-breakdown"')[1]
    assert personas.other_member.name in second and personas.member.name not in second
    assert page(client, personas.yuexiu_staff, url, rates_by="member",
                rates_page="9999")[0] == 200  # past the end: the last page, not an error


def test_district_staff_cannot_open_another_districts_rates_by_url(client, personas, year):
    url = reverse("reports:district", args=[year.liwan.pk, YEAR])
    for params in ({}, {"rates_by": "member"}, {"rates_by": "department"}):
        assert page(client, personas.yuexiu_staff, url, **params)[0] == 404
    assert page(client, personas.yuexiu_staff, reverse("reports:overview", args=[YEAR]),
                figure="satisfied")[0] == 404
    assert page(client, personas.member_user, url)[0] == 404


def test_the_city_page_maps_a_chosen_figure_per_district_beside_the_table(client, personas,
                                                                          year):
    url = reverse("reports:overview", args=[YEAR])
    status, html = page(client, personas.city, url, figure="satisfied")
    assert status == 200
    assert 'aria-labelledby="rates-map-title"' in html and "各区满意率示意图" in html
    assert '<option value="satisfied" selected>' in html
    assert "非标准地图" in html  # a schematic, not a map of boundaries
    assert "越秀" in html and "全市" in html and "样本不足" in html
    status, html = page(client, personas.city, url, figure="<script>")
    assert status == 200 and "各区响应率示意图" in html  # an unknown figure: the first


def test_the_december_report_prints_the_rates(personas, year):
    data = district_data(district=district("越秀区"), year=YEAR)
    html = render_to_string("reports/district_pdf.html", {**data, "charts": charts_for(data)})
    assert "响应率" in html and "按期办结率" in html and "口径说明" in html


def test_a_members_page_shows_the_rates_of_the_cases_they_took_on(client, personas, year):
    status, html = page(client, personas.member_user, reverse("scoring:me"))
    assert status == 200
    assert "这些诉求的“三率”与办理时效" in html and "陈明" in html and "满意率" in html


def queries(client, user, url, **params) -> int:
    client.force_login(user)
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured.captured_queries)


def test_the_rates_pages_run_the_same_queries_with_twice_the_cases(client, personas, year):
    pages = [
        (personas.yuexiu_staff, reverse("reports:district", args=[year.yuexiu.pk, YEAR]), {}),
        (personas.yuexiu_staff, reverse("reports:district", args=[year.yuexiu.pk, YEAR]),
         {"rates_by": "member"}),
        (personas.city, reverse("reports:overview", args=[YEAR]), {"figure": "solved"}),
        (personas.member_user, reverse("scoring:me"), {}),
    ]
    few = [queries(client, user, url, **params) for user, url, params in pages]
    rates_year(personas, again=True)
    many = [queries(client, user, url, **params) for user, url, params in pages]
    assert few == many


def test_a_figure_below_the_minimum_is_not_coloured_for_comparison(personas, year):
    from reports.rates_map import NOT_ENOUGH, district_map

    rates = {"definitions": [{"code": "solved", "name": "解决率"}], "rows": [
        {"name": "越秀区", "cells": [{"code": "solved", "value": 50.0, "unit": "%",
                                      "enough": False}]},
        {"name": "荔湾区", "cells": [{"code": "solved", "value": 90.0, "unit": "%",
                                      "enough": True}]},
    ]}
    svg = district_map(rates, "solved")
    assert svg.count(f'fill="{NOT_ENOUGH}"') == 1 and "样本不足" in svg and "90.0%" in svg
    assert "50.0%" not in svg  # shown with its count in the table beside, not on the map
