"""规范 第十三条（二）: the town/street's principal leader instructs (批示) and its own
office handles the matter; beyond its remit the town/street passes it to a district
functional department. Each reply closes the case."""

import pytest
from django.core.exceptions import ValidationError

from cases.choices import Action, CaseState, Route
from cases.services import case_route
from notices.models import Message


def test_within_remit_the_leader_instructs_the_town_office_which_replies(ledger):
    p = ledger.p
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    assert case.state == CaseState.AWAITING_INSTRUCTION and case.route == Route.TOWN
    assert case.handler == p.beijing_lead  # the town/street's lead login by default
    assert Message.objects.filter(recipient=p.beijing_lead, key__endswith=":assigned").exists()

    case = case_route(
        case=case, action=Action.INSTRUCT, by=p.beijing_lead,
        instruction="请城管办三日内核查修复。", department=ledger.town_office,
    )
    assert case.state == CaseState.WITH_TOWN_OFFICE
    assert case.department == ledger.town_office and case.instruction == "请城管办三日内核查修复。"

    case = case_route(case=case, action=Action.REPLY, by=p.beijing_clerk, reply="已修复路灯。")
    assert case.state == CaseState.CLOSED and case.outcome == "已修复路灯。"
    assert [s.by for s in case.steps.all()] == [
        p.beijing_clerk, p.beijing_clerk, p.beijing_lead, p.beijing_clerk,
    ]


def test_beyond_remit_the_town_passes_it_to_a_district_department(ledger):
    p = ledger.p
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    case = case_route(
        case=case, action=Action.PASS_TO_DISTRICT, by=p.beijing_lead,
        department=ledger.district_department, note="涉及区属公房维修，超出街道职责。",
    )
    assert case.state == CaseState.WITH_DISTRICT_DEPARTMENT
    assert case.department == ledger.district_department
    assert case.steps.last().note == "涉及区属公房维修，超出街道职责。"
    case = case_route(case=case, action=Action.REPLY, by=p.yuexiu_staff, reply="已列入维修计划。")
    assert case.state == CaseState.CLOSED


def test_only_the_town_lead_or_district_staff_record_an_instruction(ledger):
    p = ledger.p
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    with pytest.raises(ValidationError, match="批示须由镇（街）主要负责人作出"):
        case_route(case=case, action=Action.INSTRUCT, by=p.beijing_clerk,
                   instruction="同意", department=ledger.town_office)
    case.refresh_from_db()
    assert case.state == CaseState.AWAITING_INSTRUCTION


def test_a_town_office_must_belong_to_the_case_town(ledger):
    p = ledger.p
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    with pytest.raises(ValidationError, match="请选择承办的本镇（街）职能科室"):
        case_route(case=case, action=Action.INSTRUCT, by=p.beijing_lead,
                   instruction="同意", department=ledger.district_department)
