"""The report's figures are SQL aggregates: the same number of queries whether a district
has 2 workrooms' records or 10, and for one district or all eleven."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.choices import CaseState, Route
from reports.choices import InspectionRating
from reports.figures import figures_by_district, report_figures
from scoring.choices import ActivityFormCode

from ..factories import MemberFactory, WorkroomFactory, district, town
from .conftest import case, held, inspect, reception, visitors

pytestmark = pytest.mark.django_db


def workrooms_with_records(n, staff, start=0):
    for i in range(start, start + n):
        room = WorkroomFactory(name=f"工作室{i}", town=town("六榕街道"))
        members = [MemberFactory(), MemberFactory()]
        room.members.set(members)
        rec = reception(room, dt.date(2026, 3, 15), date=dt.date(2026, 3, 16), notice=True)
        activity = held(room, staff, members, dt.date(2026, 3, 16), rec=rec, attendance=3)
        held(room, staff, members[:1], dt.date(2026, 4, 2), ActivityFormCode.LEGAL_ADVICE)
        visitors(activity, 2)
        case(activity, Route.TOWN, CaseState.WITH_TOWN_OFFICE)
        case(activity, Route.REFUSED, CaseState.REFUSED, procedure="litigation")
        inspect(room, dt.date(2026, 5, 1), InspectionRating.GOOD)


def queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def test_the_same_number_of_queries_for_2_and_for_10_workrooms(personas):
    yuexiu, staff = district("越秀区"), personas.yuexiu_staff
    workrooms_with_records(2, staff)
    few = queries(lambda: report_figures(district=yuexiu, year=2026))
    assert report_figures(district=yuexiu, year=2026)["inspections"]["workrooms"] == 3  # and 北京街
    workrooms_with_records(8, staff, start=2)
    many = queries(lambda: report_figures(district=yuexiu, year=2026))
    figures = report_figures(district=yuexiu, year=2026)
    assert figures["inspections"]["total"] == 10 and figures["visitors"] == 20
    assert figures["members"]["total"] == 20 and figures["cases"]["refused"] == 10
    assert few == many <= 22  # 15, and 7 for the 三率 (cases.rates)


def test_all_districts_cost_what_one_district_costs(personas):
    workrooms_with_records(3, personas.yuexiu_staff)
    one = queries(lambda: report_figures(district=district("越秀区"), year=2026))
    everyone = queries(lambda: figures_by_district(year=2026))
    assert everyone <= one + 1  # + reading the districts
