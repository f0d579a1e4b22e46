"""相同诉求: when a request is registered, open ones of the same town/street and topic with
similar text from the last days are offered; staff merge the duplicate into the master, the
master's outcome reaches every resident of both, counts are not inflated, and staff undo a
merge with a reason. (State Council guidance on hotlines: repeated requests are merged.)"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.choices import Action, CaseState
from cases.duplicates import duplicate_candidates, similarity
from cases.ledger import ledger_build
from cases.models import Case, CaseStep, Cluster, Visitor
from cases.services import case_route, cases_remind_overdue
from notices.models import Message
from notices.services import address_digest
from reports.figures import report_figures

from ..factories import district
from .conftest import DAY, held_activity, new_case

OTHER_PHONE = "13900002222"


@pytest.fixture
def pair(ledger):
    """The ledger's request (路灯, 王小明 agreed to SMS) and the same one raised two weeks
    later by 李阿姨, who agreed too."""
    later = held_activity(ledger.p.beijing_room, ledger.p.beijing_clerk, [ledger.p.member],
                          date=DAY + dt.timedelta(days=14))
    visitor = Visitor.objects.create(activity=later, name="李阿姨", phone=OTHER_PHONE,
                                     consent_to_contact=True)
    duplicate = new_case(later, ledger.p.beijing_clerk, visitor=visitor,
                         content="小区门口的路灯坏了，晚上不亮")
    ledger.duplicate, ledger.later = duplicate, later
    return ledger


def offered(case, user):
    return [c.case for c in duplicate_candidates([case], user).get(case.pk, [])]


def test_a_similar_open_request_of_the_same_street_and_topic_is_offered(pair):
    assert offered(pair.duplicate, pair.p.beijing_clerk) == [pair.case]
    assert similarity("小区门口路灯不亮", "小区门口的路灯坏了，晚上不亮") >= 0.4


def test_other_topics_streets_closed_old_and_unlike_requests_are_not_offered(pair):
    p, staff = pair.p, pair.p.yuexiu_staff
    other_topic = new_case(pair.later, p.beijing_clerk, topic="养老服务",
                           content="小区门口的路灯坏了，晚上不亮")
    other_street = new_case(pair.later, p.beijing_clerk, town_name="六榕街道",
                            content="小区门口的路灯坏了，晚上不亮")
    unlike = new_case(pair.later, p.beijing_clerk, content="人行道地砖破损")
    assert offered(other_topic, staff) == [] and offered(other_street, staff) == []
    assert pair.case not in offered(unlike, staff)
    Case.objects.filter(pk=pair.case.pk).update(raised_on=DAY - dt.timedelta(days=40))
    assert offered(pair.duplicate, staff) == []  # outside the 30 days (本地设置)
    Case.objects.filter(pk=pair.case.pk).update(raised_on=DAY, state=CaseState.CLOSED)
    assert offered(pair.duplicate, staff) == []  # closed: nothing to merge into


def test_registering_the_same_request_opens_it_with_the_offer(client, pair):
    client.force_login(pair.p.beijing_clerk)
    response = client.post(reverse("cases:visitor_add", args=[pair.later.pk]), {
        "visitor-name": "", "visitor-phone": "", "visitor-address": "",
        "cases-TOTAL_FORMS": "1", "cases-INITIAL_FORMS": "0", "cases-MIN_NUM_FORMS": "1",
        "cases-MAX_NUM_FORMS": "20", "cases-0-topic": pair.case.topic_id,
        "cases-0-town": pair.case.town_id, "cases-0-content": "门口路灯不亮，晚上看不见路",
    })
    new = Case.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case", args=[new.pk]) + "#duplicates"
    page = client.get(response["Location"]).content.decode()
    assert "可能与以下诉求相同" in page and f"并入 #{pair.case.pk} 合并办理" in page


def test_merging_takes_the_duplicate_out_of_the_counts_and_notes_the_master(client, pair):
    client.force_login(pair.p.beijing_clerk)
    before = pair.case.current_step_id
    response = client.post(reverse("cases:route", args=[pair.duplicate.pk, "merge"]),
                           {"master": pair.case.pk})
    assert response.status_code == 302
    dup = Case.objects.get(pk=pair.duplicate.pk)
    assert (dup.state, dup.merged_into, dup.handler, dup.due_date) == (
        CaseState.MERGED, pair.case, None, None)
    step = dup.current_step
    assert (step.action, step.from_state, step.to_state) == (
        Action.MERGE, CaseState.REGISTERED, CaseState.MERGED)
    note = CaseStep.objects.filter(case=pair.case, action=Action.MERGE).get()
    assert f"#{dup.pk}" in note.note and note.from_state == note.to_state
    assert Case.objects.get(pk=pair.case.pk).current_step_id == before
    assert Case.objects.open().count() == 1
    assert Case.objects.overdue(DAY + dt.timedelta(days=90)).count() == 1
    assert "已并入" in client.get(reverse("cases:case", args=[dup.pk])).content.decode()
    master_page = client.get(reverse("cases:case", args=[pair.case.pk])).content.decode()
    assert "已并入本件合并办理的相同诉求" in master_page


def test_overdue_reminders_and_clusters_leave_a_merged_duplicate_out(pair):
    new_case(pair.later, pair.p.beijing_clerk, content="人行道地砖破损")  # a third: a cluster
    assert Cluster.objects.filter(cases=pair.duplicate).exists()
    case_route(case=pair.duplicate, action=Action.MERGE, by=pair.p.beijing_clerk,
               master=pair.case)
    assert not Cluster.objects.filter(cases=pair.duplicate).exists()
    assert cases_remind_overdue(today=DAY + dt.timedelta(days=90)) == 2
    assert not Message.objects.filter(key__startswith=f"case:{pair.duplicate.pk}:",
                                      key__endswith=":overdue").exists()


def test_the_report_counts_a_merged_request_once_and_records_the_merge(pair):
    case_route(case=pair.duplicate, action=Action.MERGE, by=pair.p.beijing_clerk,
               master=pair.case)
    cases = report_figures(district=district("越秀区"), year=2026)["cases"]
    assert (cases["total"], cases["open"], cases["merged"]) == (1, 1, 1)
    assert {r["key"]: r["count"] for r in cases["states"]}["merged"] == 1


def test_the_masters_outcome_reaches_both_residents_once_each(pair):
    case_route(case=pair.duplicate, action=Action.MERGE, by=pair.p.beijing_clerk,
               master=pair.case)
    third = new_case(pair.later, pair.p.beijing_clerk, visitor=pair.duplicate.visitor,
                     content="路灯坏了，小区门口晚上不亮")  # 李阿姨 again, same phone
    case_route(case=third, action=Action.MERGE, by=pair.p.beijing_clerk, master=pair.case)
    case_route(case=pair.case, action=Action.ANSWER, by=pair.p.beijing_clerk,
               answer="已联系物业，三日内修复路灯。")
    sms = Message.objects.filter(channel="sms", key__endswith=":outcome")
    assert sms.filter(address_digest=address_digest("13812345678")).count() == 1
    to_her = sms.get(address_digest=address_digest(OTHER_PHONE))
    assert to_her.key == f"case:{pair.duplicate.pk}:outcome"
    assert "已联系物业，三日内修复路灯。" in to_her.body and "2026年03月30日" in to_her.body
    assert sms.filter(recipient=None).count() == 2
    # the member present at both receptions hears once
    assert Message.objects.filter(recipient=pair.p.member_user, channel="inbox",
                                  key__endswith=":outcome").count() == 1
    assert Case.objects.get(pk=pair.duplicate.pk).closed_at is not None  # retention counts


def test_staff_undo_a_merge_with_a_reason_and_it_returns_where_it_was(pair):
    p = pair.p
    case_route(case=pair.duplicate, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    case_route(case=pair.duplicate, action=Action.MERGE, by=p.yuexiu_staff, master=pair.case)
    with pytest.raises(ValidationError, match="请填写撤销合并的原因"):
        case_route(case=pair.duplicate, action=Action.UNMERGE, by=p.yuexiu_staff)
    back = case_route(case=pair.duplicate, action=Action.UNMERGE, by=p.yuexiu_staff,
                      note="两处路灯位置不同，并非同一问题。", today=DAY + dt.timedelta(days=20))
    assert (back.state, back.merged_into, back.handler) == (
        CaseState.AWAITING_INSTRUCTION, None, p.beijing_lead)
    assert back.due_date > DAY + dt.timedelta(days=20)
    assert back.current_step.action == Action.UNMERGE
    assert back.current_step.note == "两处路灯位置不同，并非同一问题。"
    assert Case.objects.open().count() == 2


@pytest.mark.parametrize("why", ["closed", "voided", "merged", "chain", "self"])
def test_a_merge_that_would_lose_or_chain_a_request_is_refused(pair, why):
    p = pair.p
    master, dup = pair.case, pair.duplicate
    if why == "closed":
        case_route(case=master, action=Action.ANSWER, by=p.beijing_clerk, answer="已答复")
    elif why == "voided":
        Case.objects.filter(pk=master.pk).update(voided_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
                                                 void_reason="重复登记")
    elif why == "merged":  # the master is itself a duplicate
        third = new_case(pair.later, p.beijing_clerk, content="路灯不亮")
        case_route(case=master, action=Action.MERGE, by=p.beijing_clerk, master=third)
    elif why == "chain":  # the duplicate already has duplicates
        third = new_case(pair.later, p.beijing_clerk, content="路灯不亮")
        case_route(case=third, action=Action.MERGE, by=p.beijing_clerk, master=dup)
    elif why == "self":
        master = dup
    with pytest.raises(ValidationError):
        case_route(case=dup, action=Action.MERGE, by=p.beijing_clerk, master=master)
    assert Case.objects.get(pk=dup.pk).merged_into_id is None


def test_a_master_out_of_scope_is_not_found_and_a_member_may_not_merge(pair, personas):
    liwan_case = new_case(
        held_activity(personas.hualin_room, personas.hualin_clerk, [personas.other_member]),
        personas.hualin_clerk)
    with pytest.raises(ValidationError, match="请选择要并入的诉求"):
        case_route(case=pair.duplicate, action=Action.MERGE, by=pair.p.beijing_clerk,
                   master=liwan_case)
    with pytest.raises(ValidationError):
        case_route(case=pair.duplicate, action=Action.MERGE, by=pair.p.member_user,
                   master=pair.case)
    with pytest.raises(ValidationError, match="只能并入同一区的诉求"):
        case_route(case=pair.duplicate, action=Action.MERGE, by=pair.p.city,
                   master=liwan_case)


def test_the_merge_form_refuses_a_number_of_another_district_in_chinese(client, pair, personas):
    liwan_case = new_case(
        held_activity(personas.hualin_room, personas.hualin_clerk, [personas.other_member]),
        personas.hualin_clerk)
    client.force_login(pair.p.yuexiu_staff)
    url = reverse("cases:route", args=[pair.duplicate.pk, "merge"])
    for typed in (str(liwan_case.pk), "9" * 30, "abc"):
        response = client.post(url, {"master": typed})
        assert response.status_code == 200 and "没有可并入的诉求" in response.content.decode()
    assert Case.objects.get(pk=pair.duplicate.pk).state == CaseState.REGISTERED


def test_the_ledger_counts_a_merged_request_on_its_own_line(client, pair):
    case_route(case=pair.duplicate, action=Action.MERGE, by=pair.p.beijing_clerk,
               master=pair.case)
    client.force_login(pair.p.beijing_clerk)
    page = client.get(reverse("cases:ledger", args=[pair.p.beijing_room.pk]))
    book = ledger_build(workroom=pair.p.beijing_room, user=pair.p.beijing_clerk, purpose="测试")
    for totals in (dict(page.context["totals"]), dict(book.totals())):
        assert totals["受理诉求（件）"] == 1
        assert totals["与已登记诉求相同，并入合并办理（件）"] == 1


def test_the_undo_page_asks_for_the_reason_in_chinese(client, pair):
    case_route(case=pair.duplicate, action=Action.MERGE, by=pair.p.beijing_clerk,
               master=pair.case)
    client.force_login(pair.p.yuexiu_staff)
    url = reverse("cases:route", args=[pair.duplicate.pk, "unmerge"])
    assert "撤销合并的原因" in client.get(url).content.decode()
    response = client.post(url, {"note": ""})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert client.post(url, {"note": "并非同一路段"}).status_code == 302
    assert Case.objects.get(pk=pair.duplicate.pk).state == CaseState.REGISTERED


def test_another_districts_staff_cannot_reach_the_merge_by_url(client, pair):
    client.force_login(pair.p.liwan_staff)
    url = reverse("cases:route", args=[pair.duplicate.pk, "merge"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"master": pair.case.pk}).status_code == 404
    assert client.get(reverse("cases:case", args=[pair.duplicate.pk])).status_code == 404
    assert Case.objects.get(pk=pair.duplicate.pk).state == CaseState.REGISTERED


def test_a_master_is_not_voided_while_requests_are_merged_into_it(client, pair):
    """Voiding the master would leave its duplicates' residents without an outcome: the
    admin says so in Chinese and voids nothing (not even the other cases selected)."""
    case_route(case=pair.duplicate, action=Action.MERGE, by=pair.p.beijing_clerk,
               master=pair.case)
    other = new_case(pair.later, pair.p.beijing_clerk, content="人行道地砖破损")
    client.force_login(pair.p.yuexiu_staff)
    response = client.post(reverse("admin:cases_case_changelist"), {
        "action": "void", "_selected_action": [other.pk, pair.case.pk], "post": "yes",
        "reason": "重复登记"}, follow=True)
    assert response.status_code == 200
    assert "请先撤销合并，再作废" in response.content.decode()
    assert not Case.objects.filter(pk__in=[other.pk, pair.case.pk],
                                   voided_at__isnull=False).exists()
    case_route(case=pair.duplicate, action=Action.UNMERGE, by=pair.p.beijing_clerk,
               note="并非同一路灯")
    client.post(reverse("admin:cases_case_changelist"), {
        "action": "void", "_selected_action": [pair.case.pk], "post": "yes",
        "reason": "重复登记"})
    assert Case.objects.get(pk=pair.case.pk).voided_at is not None


def test_reopening_the_master_reopens_its_duplicates_and_the_next_outcome_reaches_them(pair):
    """重办 of the master: the requests merged into it are being handled again too (no
    longer closed, so their visitors' data is not counted as closed for retention), and the
    second outcome reaches their residents as well."""
    case_route(case=pair.duplicate, action=Action.MERGE, by=pair.p.beijing_clerk,
               master=pair.case)
    case_route(case=pair.case, action=Action.ANSWER, by=pair.p.beijing_clerk,
               answer="已报修。")
    assert Case.objects.get(pk=pair.duplicate.pk).closed_at is not None
    case_route(case=pair.case, action=Action.REOPEN, by=pair.p.yuexiu_staff,
               note="群众反映路灯仍不亮")
    assert Case.objects.get(pk=pair.duplicate.pk).closed_at is None
    master = Case.objects.get(pk=pair.case.pk)
    assert master.state == CaseState.REGISTERED  # where the on-the-spot answer closed it
    case_route(case=master, action=Action.ANSWER, by=pair.p.beijing_clerk,
               answer="已更换灯具，路灯恢复。")
    assert Case.objects.get(pk=pair.duplicate.pk).closed_at is not None
    to_her = Message.objects.filter(channel="sms", address_digest=address_digest(OTHER_PHONE),
                                     key__startswith=f"case:{pair.duplicate.pk}:outcome")
    assert sorted(to_her.values_list("key", flat=True)) == [
        f"case:{pair.duplicate.pk}:outcome", f"case:{pair.duplicate.pk}:outcome:1"]
