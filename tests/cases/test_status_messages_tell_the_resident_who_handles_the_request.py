"""A resident who agreed to be contacted hears by SMS when their request gets its receipt,
at each step that changes who handles it (at most STATUS_MESSAGES_PER_DAY a day for each
request) and, always, at its outcome: one outcome SMS, not two. Without consent, nothing."""

from cases.choices import Action, SettingKey
from cases.models import RoutingSetting
from cases.services import case_route
from notices.models import Message, SmsOutbox
from notices.services import address_digest

from .conftest import PHONE


def to_resident(case=None):
    sms = Message.objects.filter(channel="sms", address_digest=address_digest(PHONE))
    return sms.filter(key__startswith=f"case:{case.pk}:") if case else sms


def progress(case):
    return to_resident(case).filter(key__contains=":status:").order_by("pk")


def test_the_receipt_goes_by_sms_with_where_to_look_it_up(ledger):
    [receipt] = to_resident(ledger.case)
    assert receipt.key == f"case:{ledger.case.pk}:receipt"
    assert ledger.case.receipt in receipt.body and "/status/" in receipt.body
    assert "王小明" not in receipt.body and "login" not in receipt.body


def test_a_step_to_another_handler_is_told_with_the_body_not_the_person(ledger):
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=ledger.p.beijing_clerk)
    [told] = progress(case)
    assert "现由北京街道办理" in told.body and case.receipt in told.body
    assert str(ledger.p.beijing_lead) not in told.body
    assert told.link == "/status/"


def test_a_second_change_the_same_day_waits_for_the_days_limit(ledger):
    p = ledger.p
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    case = case_route(case=case, action=Action.INSTRUCT, by=p.beijing_lead,
                      instruction="请城管办核查。", department=ledger.town_office)
    assert progress(case).count() == 1  # STATUS_MESSAGES_PER_DAY = 1 by default


def test_a_higher_limit_allows_more_messages_a_day(ledger):
    RoutingSetting.objects.update_or_create(
        key=SettingKey.STATUS_MESSAGES_PER_DAY, defaults={"value": 2}
    )
    p = ledger.p
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    case = case_route(case=case, action=Action.INSTRUCT, by=p.beijing_lead,
                      instruction="请城管办核查。", department=ledger.town_office)
    told = list(progress(case))
    assert len(told) == 2 and "城市管理办公室" in told[1].body


def test_the_next_day_the_next_change_is_told(ledger, clock):
    p = ledger.p
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    clock(days=1)
    case = case_route(case=case, action=Action.INSTRUCT, by=p.beijing_lead,
                      instruction="请城管办核查。", department=ledger.town_office)
    assert progress(case).count() == 2


def test_a_step_that_keeps_the_same_handler_is_not_told(ledger):
    p = ledger.p
    case = case_route(case=ledger.case, action=Action.TO_PETITION, by=p.beijing_clerk,
                      department=ledger.petition_office)
    RoutingSetting.objects.update_or_create(
        key=SettingKey.STATUS_MESSAGES_PER_DAY, defaults={"value": 5}
    )
    case_route(case=case, action=Action.PETITION_OUTCOME, by=p.beijing_clerk, outcome="已答复。")
    assert progress(case).count() == 1  # the petition office still handles it


def test_the_outcome_is_always_told_once_even_after_the_days_limit(ledger):
    p = ledger.p
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    case = case_route(case=case, action=Action.INSTRUCT, by=p.beijing_lead,
                      instruction="请城管办核查。", department=ledger.town_office)
    case = case_route(case=case, action=Action.REPLY, by=p.beijing_clerk, reply="已修复路灯。")
    [outcome] = to_resident(case).filter(key__contains=":outcome")
    assert outcome.key == f"case:{case.pk}:outcome"
    assert "已修复路灯。" in outcome.body and case.receipt in outcome.body
    # receipt, one progress message, the outcome; then the callback's own question (回访)
    assert [m.key.split(":")[2] for m in to_resident(case).order_by("pk")] == [
        "receipt", "status", "outcome", "callback"]


def test_messages_leave_only_after_the_step_commits(ledger, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=ledger.p.beijing_clerk)
    assert callbacks and not SmsOutbox.objects.filter(message__in=progress(ledger.case)).exists()


def test_a_visitor_who_did_not_agree_hears_nothing(ledger):
    ledger.visitor.consent_to_contact = False
    ledger.visitor.save()
    Message.objects.all().delete()
    p = ledger.p
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    case_route(case=case, action=Action.PASS_TO_DISTRICT, by=p.beijing_lead,
               department=ledger.district_department, note="超出街道职责。")
    case = case_route(case=case, action=Action.REPLY, by=p.yuexiu_staff, reply="已列入计划。")
    assert not to_resident().exists()


def test_the_resident_of_a_merged_duplicate_hears_the_masters_outcome(ledger):
    from cases.choices import CaseState
    from cases.models import Case, Visitor

    from .conftest import new_case

    p = ledger.p
    neighbour = Visitor.objects.create(activity=ledger.activity, name="李四",
                                       phone="13700001234", consent_to_contact=True)
    duplicate = new_case(ledger.activity, p.beijing_clerk, visitor=neighbour, content="路灯坏了")
    Case.objects.filter(pk=duplicate.pk).update(state=CaseState.MERGED, merged_into=ledger.case)
    case_route(case=ledger.case, action=Action.ANSWER, by=p.beijing_clerk, answer="已修复。")
    told = Message.objects.get(key=f"case:{duplicate.pk}:outcome",
                               address_digest=address_digest("13700001234"))
    assert duplicate.receipt in told.body and "已修复。" in told.body
    assert ledger.case.receipt not in told.body
