"""举措 四（一）: each special committee makes a yearly plan of its members' liaison work and
reports against it: the committee's summary (page, PDF, .xlsx) sets each target beside what
its members did, counted from the confirmed duty records (the summary's own figures)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from members.models import Committee
from reports.choices import DocumentKind
from reports.documents import committee_data
from reports.services import report_file_bytes
from scoring.choices import DutyKind, RecordSource
from scoring.models import CommitteeLiaisonPlan, CommitteePlanTarget
from scoring.services import duty_record_create


@pytest.fixture
def plan(personas):
    economy = Committee.objects.get(name="经济委员会")
    for day in (dt.date(2026, 3, 16), dt.date(2026, 5, 15)):
        duty_record_create(kind=DutyKind.COMMUNITY_ACTIVITY, members=[personas.member], date=day,
                           title="进社区", source=RecordSource.MANUAL, confirmed=True)
    duty_record_create(kind=DutyKind.PROPOSAL, members=[personas.member],
                       date=dt.date(2026, 6, 1), title="待确认", source=RecordSource.MANUAL)
    plan = CommitteeLiaisonPlan.objects.create(
        committee=economy, year=2026, content="组织委员每季度进社区一次。",
        members_meeting_visits=1,
    )
    CommitteePlanTarget.objects.create(plan=plan, kind=DutyKind.COMMUNITY_ACTIVITY, target=2)
    CommitteePlanTarget.objects.create(plan=plan, kind=DutyKind.PROPOSAL, target=3)
    CommitteePlanTarget.objects.create(plan=plan, kind=DutyKind.SPEECH, target=1)
    return plan


def test_each_target_stands_beside_what_was_done(plan):
    data = committee_data(committee=plan.committee, year=2026)["plan"]

    assert data["content"] == "组织委员每季度进社区一次。"
    rows = {row["label"]: (row["target"], row["actual"], row["met"]) for row in data["rows"]}
    assert rows["进社区达标委员（每年2次，人）"] == (1, 1, True)
    assert rows["进社区（工作室）活动（次或件）"] == (2, 2, True)
    assert rows["提案（次或件）"] == (3, 0, False)  # the unconfirmed proposal does not count
    assert rows["大会发言（次或件）"] == (1, None, False)  # not counted by the summary
    assert (data["met"], data["total"]) == (2, 4)


def test_a_committee_without_a_plan_says_so(personas):
    economy = Committee.objects.get(name="经济委员会")

    assert committee_data(committee=economy, year=2026)["plan"] is None


def test_the_committee_page_and_workbook_show_the_plan(client, personas, plan):
    client.force_login(personas.economy_staff)
    body = client.get(f"/reports/committee/{plan.committee.pk}/2026/").content.decode()
    assert "年度计划完成情况（举措 四（一））" in body and "组织委员每季度进社区一次。" in body

    book = load_workbook(io.BytesIO(report_file_bytes(
        kind=DocumentKind.COMMITTEE, committee=plan.committee, year=2026, fmt="xlsx")))
    rows = list(book["年度计划完成情况"].iter_rows(min_row=2, values_only=True))
    assert ("提案（次或件）", 3, 0, "否") in rows


def test_committee_staff_plan_for_their_own_committee_only(client, personas):
    client.force_login(personas.economy_staff)
    agri = Committee.objects.get(name="农业和农村委员会")

    response = client.post("/admin/scoring/committeeliaisonplan/add/", {
        "committee": agri.pk, "year": 2026, "content": "越权",
        "targets-TOTAL_FORMS": "0", "targets-INITIAL_FORMS": "0",
    })

    assert response.status_code == 200
    assert not CommitteeLiaisonPlan.objects.exists()


def test_another_committees_plan_is_not_found(client, personas, plan):
    client.force_login(personas.agri_staff)

    url = f"/admin/scoring/committeeliaisonplan/{plan.pk}/change/"
    assert client.get(url).status_code == 404
