"""规范 第十四条: each district sums up the community work of all members done in its area.
A member is counted by the place of the work (the workroom's town → district), not by the
district they belong to or are linked to: a 全国 member with no district, a 天河区 member
visiting 越秀区 and a member who has left since are all in 越秀区's page, its December report
(the data the PDF is drawn from, and the .xlsx) and the city's total."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.choices import Level, MemberStatus
from reports.choices import DocumentKind
from reports.documents import city_data, district_data
from reports.figures import report_figures
from reports.services import report_file_bytes

from ..factories import MemberFactory, WorkroomFactory, district, town
from .conftest import held

pytestmark = pytest.mark.django_db
YEAR = 2026
DAY = dt.date(YEAR, 3, 16)


def level(members: dict, key: str) -> dict:
    return next(row for row in members["levels"] if row["key"] == key)


def yuexiu_everywhere(client, personas, key: str) -> list[dict]:
    """The row of members of level `key` for 越秀区: on its page, in its December report's
    data, and in the city's total."""
    yuexiu = district("越秀区")
    client.force_login(personas.yuexiu_staff)
    page = client.get(reverse("reports:district", args=[yuexiu.pk, YEAR]))
    assert page.status_code == 200
    return [
        level(page.context["data"]["figures"]["members"], key),
        level(district_data(district=yuexiu, year=YEAR)["figures"]["members"], key),
        level(city_data(year=YEAR)["totals"]["members"], key),
    ]


def workbook_members(**kwargs) -> dict:
    book = load_workbook(io.BytesIO(report_file_bytes(year=YEAR, fmt="xlsx", **kwargs)))
    rows = book["委员履职"].iter_rows(min_row=2, values_only=True)
    return {row[0]: row[1:] for row in rows if any(row)}


def test_a_national_member_with_no_district_is_counted_where_they_served(client, personas):
    """规范 第十四条: a 全国 member with no district of their own, two visits in 越秀区."""
    national = MemberFactory(name="全国乙", level=Level.NATIONAL, district=None)
    held(personas.beijing_room, personas.yuexiu_staff, [national], DAY)
    held(personas.beijing_room, personas.yuexiu_staff, [national], DAY + dt.timedelta(days=7))

    for row in yuexiu_everywhere(client, personas, Level.NATIONAL):
        assert (row["total"], row["owing"], row["met"], row["visits"]) == (1, 1, 1, 2)
    sheet = workbook_members(kind=DocumentKind.DISTRICT, district=district("越秀区"))
    assert sheet["全国政协委员"][0] == 1 and sheet["全国政协委员"][-1] == 2
    city = workbook_members(kind=DocumentKind.CITY)
    assert city["越秀区"][0] == 1 and city["全市"][0] == 1


def test_a_tianhe_members_visit_in_yuexiu_is_reported_by_yuexiu(client, personas):
    """规范 第十四条: the visit counts where it was done, not in the member's own district."""
    tianhe_member = MemberFactory(name="天河甲", level=Level.DISTRICT, district=district("天河区"))
    held(personas.beijing_room, personas.yuexiu_staff, [tianhe_member], DAY)

    for row in yuexiu_everywhere(client, personas, Level.DISTRICT):
        assert (row["total"], row["visits"]) == (1, 1)
    tianhe = report_figures(district=district("天河区"), year=YEAR)["members"]
    assert (tianhe["total"], tianhe["visits"]) == (0, 0)
    client.force_login(personas.tianhe_staff)
    page = client.get(reverse("reports:district", args=[district("天河区").pk, YEAR]))
    assert page.context["data"]["figures"]["members"]["total"] == 0
    city = workbook_members(kind=DocumentKind.CITY)
    assert (city["越秀区"][0], city["天河区"][0], city["全市"][0]) == (1, 0, 1)


def test_a_member_who_has_left_is_still_counted_in_the_year_they_served(client, personas):
    """规范 第十四条: the year's work stays in the year's report after the member leaves."""
    leaver = MemberFactory(name="离任乙", level=Level.DISTRICT)
    held(personas.beijing_room, personas.yuexiu_staff, [leaver], DAY)
    leaver.status = MemberStatus.LEFT
    leaver.save()

    for row in yuexiu_everywhere(client, personas, Level.DISTRICT):
        assert (row["total"], row["visits"]) == (1, 1)
    sheet = workbook_members(kind=DocumentKind.DISTRICT, district=district("越秀区"))
    assert sheet["合计"][0] == 1


def test_a_member_who_served_in_two_districts_counts_in_both_and_once_in_the_city(personas):
    """规范 第十四条: each district reports the work done in it; the city counts people once."""
    member = MemberFactory(name="两区甲", level=Level.CITY)
    held(personas.beijing_room, personas.yuexiu_staff, [member], DAY)
    held(personas.hualin_room, personas.liwan_staff, [member], DAY)
    held(WorkroomFactory(name="六榕工作室", town=town("六榕街道")), personas.yuexiu_staff,
         [member], DAY + dt.timedelta(days=1))

    yuexiu = report_figures(district=district("越秀区"), year=YEAR)["members"]
    liwan = report_figures(district=district("荔湾区"), year=YEAR)["members"]
    assert (yuexiu["total"], yuexiu["visits"], liwan["total"], liwan["visits"]) == (1, 2, 1, 1)
    city = city_data(year=YEAR)["totals"]["members"]
    assert (city["total"], city["owing"], city["met"], city["visits"]) == (1, 1, 1, 3)


def test_work_of_another_year_and_members_who_did_none_are_not_counted(personas):
    """规范 第十四条: the year's summary holds that year's work only."""
    MemberFactory(name="未履职", level=Level.DISTRICT)
    earlier = MemberFactory(name="去年甲", level=Level.DISTRICT)
    held(personas.beijing_room, personas.yuexiu_staff, [earlier], dt.date(YEAR - 1, 11, 16))
    assert report_figures(district=district("越秀区"), year=YEAR)["members"]["total"] == 0
    assert city_data(year=YEAR)["totals"]["members"]["total"] == 0
