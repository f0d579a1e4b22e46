"""The public status page (no login): the receipt number and the last four digits of the
phone given show the route, the current step, the body handling it, the due date and the
outcome in plain Chinese, with nobody's personal data. A wrong pair, an unknown number and a
request without a phone get the same answer; attempts are limited and audited."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from audit.choices import EventKind
from audit.models import AuditEvent
from cases.choices import Action, CaseState, SettingKey
from cases.models import Case, RoutingSetting
from cases.services import case_route

from ..cases.conftest import ADDRESS, PHONE, new_case

URL = "/status/"


def look_up(client, receipt, last4, **extra):
    return client.post(URL, {"receipt": receipt, "last4": last4}, **extra).content.decode()


def shown(html: str) -> str:
    """The page without what differs by request: the CSRF token and the typed values."""
    return re.sub(r'value="[^"]*"', "", html)


def test_the_resident_sees_the_step_the_body_and_the_due_date(client, ledger):
    case = case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=ledger.p.beijing_clerk)
    page = look_up(client, case.receipt, PHONE[-4:])
    assert case.receipt in page
    assert "已报镇（街）负责人，等待批示" in page and "北京街道" in page
    assert f"{case.due_date.year}年{case.due_date.month}月{case.due_date.day}日" in page
    assert "交镇（街）或区职能部门办理" in page and "城市建设与管理" in page
    for private in ("王小明", PHONE, ADDRESS, "小区门口路灯不亮", str(ledger.p.beijing_lead),
                    str(ledger.p.beijing_clerk), "陈明"):
        assert private not in page


def test_a_closed_request_shows_its_outcome_with_numbers_masked(client, ledger):
    case = case_route(case=ledger.case, action=Action.ANSWER, by=ledger.p.beijing_clerk,
                      answer="已报修，可致电13912345678查询。")
    page = look_up(client, case.receipt, PHONE[-4:])
    assert "已办结" in page and "已报修，可致电139********查询。" in page
    assert "13912345678" not in page


def test_a_wrong_pair_and_an_unknown_number_answer_the_same(client, ledger):
    wrong = shown(look_up(client, ledger.case.receipt, "0000"))
    unknown = shown(look_up(client, "1111 2222 3333", PHONE[-4:]))
    assert wrong == unknown
    assert "未查到与该回执编号和手机号码相符的诉求" in wrong and ledger.case.receipt not in wrong


def test_a_request_without_a_phone_answers_as_an_unknown_number(client, ledger):
    anonymous = new_case(ledger.activity, ledger.p.beijing_clerk, content="匿名反映")
    assert shown(look_up(client, anonymous.receipt, "0000")) == shown(
        look_up(client, "1111 2222 3333", "0000")
    )
    assert "请向登记诉求的工作室咨询" in look_up(client, anonymous.receipt, "0000")


def test_a_voided_request_is_not_found(client, ledger):
    Case.objects.filter(pk=ledger.case.pk).update(voided_at="2026-03-17T10:00:00+08:00",
                                                  void_reason="登记有误")
    assert "未查到" in look_up(client, ledger.case.receipt, PHONE[-4:])


def test_nothing_is_looked_up_from_the_address(client, ledger):
    page = client.get(URL, {"receipt": ledger.case.receipt, "last4": PHONE[-4:]}).content.decode()
    assert "等待" not in page and ledger.case.receipt not in page
    assert not AuditEvent.objects.filter(kind=EventKind.STATUS_LOOKUP).exists()


def test_the_form_is_refused_without_its_csrf_token(ledger):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, {"receipt": ledger.case.receipt, "last4": PHONE[-4:]})
    assert response.status_code == 403


def test_bad_input_is_answered_in_chinese(client, ledger):
    page = look_up(client, "12345", "12")
    assert "回执编号为12位数字" in page and "请输入手机号码的后四位数字" in page
    assert client.post(URL, {"receipt": "9" * 5000, "last4": "1" * 5000}).status_code == 200


def test_a_merged_request_shows_its_masters_progress(client, ledger):
    p = ledger.p
    master = new_case(ledger.activity, p.beijing_clerk, content="同一路段路灯不亮")
    master = case_route(case=master, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    Case.objects.filter(pk=ledger.case.pk).update(state=CaseState.MERGED, merged_into=master)
    page = look_up(client, ledger.case.receipt, PHONE[-4:])
    assert "合并办理" in page and "已报镇（街）负责人，等待批示" in page
    assert ledger.case.receipt in page and master.receipt not in page


@pytest.mark.parametrize("right_pair_last", [True, False])
def test_too_many_attempts_on_one_number_are_refused_in_chinese(client, ledger, right_pair_last):
    RoutingSetting.objects.update_or_create(
        key=SettingKey.STATUS_LOOKUPS_PER_HOUR, defaults={"value": 3}
    )
    for _attempt in range(3):
        look_up(client, ledger.case.receipt, "0000")
    page = look_up(client, ledger.case.receipt, PHONE[-4:] if right_pair_last else "0000")
    assert "查询过于频繁，请一小时后再试" in page and "等待" not in page


def test_one_address_trying_many_numbers_is_refused(client, ledger):
    RoutingSetting.objects.update_or_create(
        key=SettingKey.STATUS_LOOKUPS_PER_HOUR, defaults={"value": 2}
    )
    for n in range(10):  # 2 × IP_FACTOR different numbers from one address
        look_up(client, f"1111 2222 {3000 + n}", "0000")
    assert "查询过于频繁" in look_up(client, ledger.case.receipt, PHONE[-4:])
    other = look_up(client, ledger.case.receipt, PHONE[-4:], REMOTE_ADDR="10.0.0.9")
    assert "等待" in other or "正在确定办理方式" in other


def test_an_hour_later_the_number_may_be_tried_again(client, ledger, clock):
    RoutingSetting.objects.update_or_create(
        key=SettingKey.STATUS_LOOKUPS_PER_HOUR, defaults={"value": 1}
    )
    look_up(client, ledger.case.receipt, "0000")
    assert "查询过于频繁" in look_up(client, ledger.case.receipt, PHONE[-4:])
    clock(minutes=61)
    assert "正在确定办理方式" in look_up(client, ledger.case.receipt, PHONE[-4:])


def test_every_attempt_is_audited_without_the_phones_digits(client, ledger):
    look_up(client, ledger.case.receipt, PHONE[-4:])
    look_up(client, ledger.case.receipt, "0000")
    look_up(client, "1111 2222 3333", PHONE[-4:])
    events = list(AuditEvent.objects.filter(kind=EventKind.STATUS_LOOKUP).order_by("pk"))
    assert [e.detail["ok"] for e in events] == [True, False, False]
    assert [e.detail["receipt"] for e in events] == [ledger.case.receipt_no] * 2 + ["111122223333"]
    assert all(e.ip_address == "127.0.0.1" for e in events)
    for event in events:
        assert set(event.detail) <= {"receipt", "via", "ok", "limited"}
        assert PHONE[-4:] not in str(event.detail) and PHONE not in event.object_repr


def test_the_status_page_reads_in_chinese_and_is_not_cached(client):
    response = client.get(reverse("status:lookup"))
    assert "诉求办理进度查询" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
