"""举措 三（三）/ the loop with the resident: every 三率 and response time, at every level,
from a year of known cases (tests/cases/rates_data.py); merged and voided cases, and last
year's, never count; requests without callbacks count only where their definition says."""

import pytest

from cases.choices import SettingKey
from cases.models import RoutingSetting
from cases.rates import Level, Period, figures_of, rates

from .rates_data import TODAY, rates_year

pytestmark = pytest.mark.django_db

CODES = ["response", "solved", "satisfied", "coverage", "reopen", "median_days", "on_time"]
# (numerator, denominator, value) per code, in CODES order; the median's "numerator" is
# the median itself, its denominator the closed cases.
YUEXIU = [(5, 7, 71.4), (2, 3, 66.7), (2, 3, 66.7), (3, 4, 75.0), (1, 5, 20.0),
          (10.0, 5, 10.0), (3, 5, 60.0)]
LIWAN = [(2, 2, 100.0), (1, 1, 100.0), (1, 1, 100.0), (1, 2, 50.0), (0, 2, 0.0),
         (4.0, 2, 4.0), (2, 2, 100.0)]
CITY = [(7, 9, 77.8), (3, 4, 75.0), (3, 4, 75.0), (4, 6, 66.7), (1, 7, 14.3),
        (9.0, 7, 9.0), (5, 7, 71.4)]
BEIJING = [(4, 6, 66.7), (2, 3, 66.7), (2, 3, 66.7), (3, 4, 75.0), (1, 4, 25.0),
           (15.0, 4, 15.0), (2, 4, 50.0)]
LIURONG = [(1, 1, 100.0), (0, 0, None), (0, 0, None), (0, 0, None), (0, 1, 0.0),
           (9.0, 1, 9.0), (1, 1, 100.0)]
DEPT_X = [(3, 4, 75.0), (2, 3, 66.7), (2, 3, 66.7), (3, 4, 75.0), (1, 4, 25.0),
          (15.0, 4, 15.0), (2, 4, 50.0)]
DEPT_Y = [(1, 1, 100.0), (1, 1, 100.0), (1, 1, 100.0), (1, 1, 100.0), (0, 1, 0.0),
          (8.0, 1, 8.0), (1, 1, 100.0)]
NO_DEPT = [(3, 4, 75.0), (0, 0, None), (0, 0, None), (0, 1, 0.0), (0, 2, 0.0),
           (4.5, 2, 4.5), (2, 2, 100.0)]  # cases 5, 6, 7, 8, 10
CHEN = [(2, 3, 66.7), (1, 2, 50.0), (1, 2, 50.0), (2, 3, 66.7), (0, 3, 0.0),
        (10.0, 3, 10.0), (2, 3, 66.7)]
LI = [(2, 2, 100.0), (1, 1, 100.0), (1, 1, 100.0), (1, 2, 50.0), (0, 2, 0.0),
      (6.5, 2, 6.5), (2, 2, 100.0)]


def table(level, **kwargs) -> dict:
    return {row["name"]: ([(figures_of(row)[c]["numerator"], figures_of(row)[c]["denominator"],
                            figures_of(row)[c]["value"]) for c in CODES], row["cases"])
            for row in rates(level=level, period=Period.year(2026), today=TODAY,
                             **kwargs)["rows"]}


@pytest.fixture
def year(personas):
    return rates_year(personas)


def test_a_districts_rates_count_its_cases_once_and_never_merged_voided_or_other_years(year):
    assert table(Level.DISTRICT) == {"越秀区": (YUEXIU, 8), "荔湾区": (LIWAN, 2)}


def test_the_citys_rates_count_every_district_together(year):
    assert table(Level.CITY) == {"全市": (CITY, 10)}


def test_a_workrooms_rates_count_the_cases_raised_there(year, personas):
    assert table(Level.WORKROOM) == {"北京街工作室": (YUEXIU, 8), "华林街工作室": (LIWAN, 2)}


def test_a_towns_rates_count_the_cases_concerning_it(year):
    assert table(Level.TOWN) == {"北京街道": (BEIJING, 7), "六榕街道": (LIURONG, 1),
                                 "华林街道": (LIWAN, 2)}


def test_a_departments_rates_count_the_cases_it_handled(year):
    assert table(Level.DEPARTMENT) == {"城管科": (DEPT_X, 4), "荔湾区住房和建设局": (DEPT_Y, 1),
                                       "未交部门": (NO_DEPT, 5)}


def test_a_members_rates_count_the_cases_they_heard_or_took_on(year):
    assert table(Level.MEMBER) == {"陈明": (CHEN, 3), "李华": (LI, 2)}


def test_a_districts_figures_added_up_from_its_towns_are_its_own(year):
    """The report counts by town and adds the towns up: the same figures (medians too)."""
    result = rates(level=Level.TOWN, parent=Level.DISTRICT, period=Period.year(2026),
                   today=TODAY)
    parents = {row["name"]: ([(figures_of(row)[c]["numerator"], figures_of(row)[c]["denominator"],
                               figures_of(row)[c]["value"]) for c in CODES], row["cases"])
               for row in result["parents"]}
    assert parents == {"越秀区": (YUEXIU, 8), "荔湾区": (LIWAN, 2)}
    assert {row["name"]: row["parent"] for row in result["rows"]} == {
        "北京街道": year.yuexiu.pk, "六榕街道": year.yuexiu.pk, "华林街道": year.liwan.pk}


def test_a_district_narrowed_table_shows_only_its_own_towns(year):
    assert set(table(Level.TOWN, within=_q(district=year.yuexiu))) == {"北京街道", "六榕街道"}


def _q(**kwargs):
    from django.db.models import Q

    return Q(**kwargs)


def test_below_the_minimum_sample_a_figure_keeps_its_count_but_is_marked_not_enough(year):
    """Default 10 cases: nothing in this small year is enough for a comparison."""
    result = rates(level=Level.DISTRICT, period=Period.year(2026), today=TODAY)
    assert result["min_sample"] == 10
    assert not any(f["enough"] for row in result["rows"] for f in row["cells"])
    RoutingSetting.objects.filter(key=SettingKey.RATES_MIN_SAMPLE).update(value=3)
    result = rates(level=Level.DISTRICT, period=Period.year(2026), today=TODAY)
    rows = {row["name"]: figures_of(row) for row in result["rows"]}
    yuexiu, liwan = rows["越秀区"], rows["荔湾区"]
    assert [yuexiu[c]["enough"] for c in CODES] == [True, True, True, True, True, True, True]
    assert [liwan[c]["enough"] for c in CODES] == [False] * 7
    assert liwan["solved"]["denominator"] == 1 and liwan["solved"]["value"] == 100.0


def test_every_figure_carries_its_definition_and_period(year):
    result = rates(level=Level.CITY, period=Period.year(2026), today=TODAY)
    assert result["period"] == "2026年（按反映日期）"
    figure = figures_of(result["rows"][0])["satisfied"]
    words = {d["code"]: d for d in result["definitions"]}[figure["code"]]
    assert words["name"] == "满意率" and "非常满意" in words["definition"]
    assert figure["unit"] == "%" and figure["denominator"] == 4  # cases 1, 2, 4 and 9
    assert "并入" in result["note"] and "作废" in result["note"]
