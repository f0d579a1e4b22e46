"""规范 第七条: 2 conveners per district, 1 lead per town/street, 1 clerk per workroom. What
is missing shows on the district's report page (its own gaps only), on the city's page (per
district, with the names), in the December district report and the city summary (the data
the PDF is drawn from, and the .xlsx), in a fixed number of queries."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from reports.choices import DocumentKind
from reports.documents import city_data, district_data
from reports.figures import figures_by_district, report_figures
from reports.services import report_file_bytes

from ..factories import WorkroomFactory, district, town
from .staffing import staffing_gaps

pytestmark = pytest.mark.django_db
YEAR = 2026


def test_the_district_figures_name_each_gap(personas):
    """规范 第七条: the convener, the town lead and the clerks the district lacks."""
    gaps = staffing_gaps(personas)
    s = report_figures(district=district("越秀区"), year=YEAR)["staffing"]
    assert (s["conveners"]["required"], s["conveners"]["count"]) == (2, 1)
    assert s["conveners"]["lacking"] == ["区委统战部部长"] and s["conveners"]["missing"] == 1
    assert s["conveners"]["names"] == ["区政协主席：越秀区区政协主席"]
    assert s["towns"]["without_lead"] == 1 and s["towns"]["items"] == ["六榕街道"]
    # 北京街工作室 has its clerk; a disabled clerk account is no clerk; a closed room owes none.
    assert s["workrooms"]["total"] == 3 and s["workrooms"]["without_clerk"] == 2
    assert {w["name"] for w in s["workrooms"]["items"]} == {
        gaps.no_clerk.name, gaps.gone_clerk.name}
    assert s["gaps"] == 4
    tianhe = report_figures(district=district("天河区"), year=YEAR)["staffing"]
    assert tianhe["gaps"] == 1 and tianhe["workrooms"]["items"] == [
        {"name": "石牌工作室", "town": "石牌街道"}]


def test_district_staff_see_their_own_gaps_and_not_another_districts(client, personas):
    """规范 第七条, scope: 越秀区 staff read 越秀区's gaps; 天河区's page is 404 to them."""
    staffing_gaps(personas)
    client.force_login(personas.yuexiu_staff)
    html = client.get(reverse("reports:district", args=[district("越秀区").pk, YEAR])
                      ).content.decode()
    assert "工作力量配备（规范 第七条）" in html
    for name in ("缺区委统战部部长", "六榕街道", "六榕工作室", "北京街二号工作室"):
        assert name in html, name
    assert "石牌工作室" not in html
    tianhe = reverse("reports:district", args=[district("天河区").pk, YEAR])
    assert client.get(tianhe).status_code == 404
    client.force_login(personas.tianhe_staff)
    html = client.get(tianhe).content.decode()
    assert "石牌工作室" in html and "六榕工作室" not in html and "缺区委统战部部长" not in html


def test_the_city_page_counts_each_districts_gaps_and_names_them(client, personas):
    """规范 第七条: the municipal office sees every district's gaps and can open each."""
    staffing_gaps(personas)
    client.force_login(personas.city)
    response = client.get(reverse("reports:overview", args=[YEAR]))
    rows = {row["district"]: row["figures"]["staffing"] for row in response.context["districts"]}
    assert (rows["越秀区"]["conveners"]["missing"], rows["天河区"]["conveners"]["missing"],
            rows["从化区"]["conveners"]["missing"]) == (1, 0, 2)
    assert rows["越秀区"]["gaps"] == 4 and rows["天河区"]["gaps"] == 1
    totals = response.context["totals"]["staffing"]
    assert totals["conveners"]["missing"] == 1 + 9 * 2  # 9 districts have none yet
    assert totals["workrooms"]["without_clerk"] == 3 and totals["workrooms"]["items"] == []
    html = response.content.decode()
    assert "工作力量配备（规范 第七条）" in html and "<details>" in html
    for name in ("缺召集人：区委统战部部长", "六榕工作室（六榕街道）", "石牌工作室（石牌街道）"):
        assert name in html, name
    assert reverse("reports:district", args=[district("天河区").pk, YEAR]) in html


def test_the_december_reports_have_a_staffing_section(personas):
    """规范 第七条 in the district's report and the city summary (data and .xlsx)."""
    staffing_gaps(personas)
    yuexiu = district("越秀区")
    assert district_data(district=yuexiu, year=YEAR)["figures"]["staffing"]["gaps"] == 4
    assert city_data(year=YEAR)["totals"]["staffing"]["towns"]["without_lead"] >= 1
    book = load_workbook(io.BytesIO(report_file_bytes(
        kind=DocumentKind.DISTRICT, year=YEAR, fmt="xlsx", district=yuexiu)))
    sheet = {row[0]: row[1:] for row in book["工作力量配备"].iter_rows(min_row=2, values_only=True)
             if row[0]}
    assert sheet["区召集人"][:4] == (2, 1, 1, "区委统战部部长")
    assert sheet["镇（街）负责人"][2:] == (1, "六榕街道")
    assert sheet["工作室工作人员"][:3] == (3, 1, 2)
    assert "六榕工作室（六榕街道）" in sheet["工作室工作人员"][3]
    book = load_workbook(io.BytesIO(report_file_bytes(kind=DocumentKind.CITY, year=YEAR,
                                                      fmt="xlsx")))
    city = {row[0]: row[1:] for row in book["工作力量配备"].iter_rows(min_row=2, values_only=True)
            if row[0]}
    assert city["越秀区"][0] == 1 and city["越秀区"][5] == "区委统战部部长"
    assert city["天河区"][4] == 1 and city["天河区"][7] == "石牌工作室（石牌街道）"
    assert city["全市"][0] == 19 and city["全市"][4] == 3


def queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def test_the_gaps_cost_the_same_queries_however_many_there_are(client, personas):
    """规范 第七条: the staffing section is counted in a fixed number of queries."""
    staffing_gaps(personas)
    yuexiu = district("越秀区")
    page = reverse("reports:district", args=[yuexiu.pk, YEAR])
    client.force_login(personas.yuexiu_staff)
    client.get(page)
    few = (queries(lambda: figures_by_district(year=YEAR)), queries(lambda: client.get(page)))
    for i in range(8):
        WorkroomFactory(name=f"无人工作室{i}", town=town("北京街道"))
    many = (queries(lambda: figures_by_district(year=YEAR)), queries(lambda: client.get(page)))
    assert report_figures(district=yuexiu, year=YEAR)["staffing"]["workrooms"]["without_clerk"] \
        == 10
    assert few == many
