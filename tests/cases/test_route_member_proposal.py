"""规范 第十三条（四）: strong or widely shared opinions → the member investigates and files
a proposal or a social-conditions report, which counts toward their yearly quota (举措 三（一）)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cases.choices import Action, CaseState, Route
from cases.services import case_route
from members.models import Member
from scoring.choices import DutyKind, RecordSource
from scoring.quotas import quota_status


def _researching(ledger):
    return case_route(case=ledger.case, action=Action.TO_MEMBER, by=ledger.p.beijing_clerk,
                      members=[ledger.p.member], note="多名居民反映，建议调研。")


def test_route_four_creates_a_quota_counting_proposal_linked_to_the_case(ledger):
    case = _researching(ledger)
    assert (case.state, case.route) == (CaseState.MEMBER_RESEARCHING, Route.MEMBER)
    assert case.handler == ledger.p.member_user
    case = case_route(case=case, action=Action.FILE, by=ledger.p.yuexiu_staff,
                      kind="proposal", title="关于老旧小区照明改造的提案",
                      date=dt.date(2026, 4, 20))
    record = case.duty_record
    assert case.state == CaseState.CLOSED
    assert (record.kind, record.source, record.source_ref) == (
        DutyKind.PROPOSAL, RecordSource.CASE, f"case:{case.pk}"
    )
    assert list(record.members.all()) == [ledger.p.member]
    status = quota_status(members=Member.objects.filter(pk=ledger.p.member.pk), year=2026)
    assert status.rows[0].counts[DutyKind.PROPOSAL] == 1


def test_a_member_may_file_their_own_social_report_which_waits_for_confirmation(ledger):
    case = _researching(ledger)
    case = case_route(case=case, action=Action.FILE, by=ledger.p.member_user,
                      kind="social_report", title="关于路灯维护的社情民意")
    assert case.duty_record.kind == DutyKind.SOCIAL_REPORT
    assert case.duty_record.confirmed is False  # district staff confirm it (举措 四（四）)


def test_another_member_cannot_file_for_the_case(ledger):
    case = _researching(ledger)
    with pytest.raises(ValidationError, match="您无权"):
        case_route(case=case, action=Action.FILE, by=ledger.p.other_member_user,
                   kind="proposal", title="x")
