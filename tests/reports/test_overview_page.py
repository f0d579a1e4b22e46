"""The municipal office's page: each district's status, the city's totals, and charts
(members meeting quotas by district, receptions held against planned by month, cases by
route) drawn as SVG on the server."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.services import report_draft_create, report_narrative_update, report_submit
from reports.tasks import run_report_jobs

from ..factories import district

pytestmark = pytest.mark.django_db


def test_the_overview_shows_statuses_totals_and_three_charts(client, yuexiu_year):
    p = yuexiu_year.p
    run_report_jobs(day="2026-12-01")
    report = report_draft_create(district=district("越秀区"), year=2026)
    report_narrative_update(report=report, by=p.yuexiu_staff, achievements="a", problems="b",
                            plans="c")
    report_submit(report=report, by=p.yuexiu_staff,
                  now=timezone.make_aware(dt.datetime(2026, 12, 19, 9)))
    run_report_jobs(day="2026-12-20")
    client.force_login(p.city)
    html = client.get(reverse("reports:overview", args=[2026])).content.decode()
    assert "按时报送 1" in html and "逾期未报送 10" in html
    assert html.count("<svg") == 4  # three charts and the districts' 三率 map
    for title in ("各区委员进社区达标人数", "各月接待：已举行与计划", "群众诉求办理途径"):
        assert title in html
    assert "<th>全市</th><th class=\"num\">6</th>" in html  # members: 越秀区 5 + 荔湾区 1
    assert reverse("reports:city_download", args=[2026, "pdf"]) in html
    assert reverse("reports:committee", args=[p.economy_staff.committee_id, 2026]) in html


def test_district_staff_see_a_not_started_report_and_can_begin_it(client, personas):
    client.force_login(personas.tianhe_staff)
    url = reverse("reports:district", args=[district("天河区").pk, 2026])
    html = client.get(url).content.decode()
    assert "未开始" in html and "保存草稿" in html and "以下数据为实时统计" in html
    response = client.post(url, {"achievements": "开局", "problems": "", "plans": "",
                                 "action": "save"}, follow=True)
    assert "草稿已保存" in response.content.decode()
