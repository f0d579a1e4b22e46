"""When a case closes, a consenting visitor is asked by SMS, with a link that needs no login,
whether the matter was solved and how satisfied they are (two separate questions, the five
levels of 政务服务好差评). The answer is written once; a wrong or stale link says why."""

import re

from cases.choices import Action, CallbackChannel, Satisfaction, Solved
from cases.models import Callback
from cases.services import case_route
from notices.models import Message

from .closing import callback_sms, closed_by_town_office, closed_days_ago

ANSWER = {"solved": Solved.SOLVED, "satisfaction": Satisfaction.SATISFIED, "comment": "修得很快"}


def test_the_closing_sends_the_visitor_an_sms_with_the_link_to_answer(ledger):
    case = closed_by_town_office(ledger)
    sms = callback_sms(case)
    assert sms.address == "13812345678"
    assert re.search(r"https?://\S+/cases/answer/[^/\s]+/", sms.body)
    assert "是否解决" in sms.body and "满意" in sms.body
    assert sms.link in sms.body  # the same page
    assert "王小明" not in sms.body and "路灯" not in sms.link  # no personal data in the link


def test_the_resident_answers_both_questions_without_logging_in(client, ledger):
    case = closed_by_town_office(ledger)
    page = client.get(callback_sms(case).link)
    text = page.content.decode()
    assert page.status_code == 200
    assert "问题是否解决" in text and "您对办理结果是否满意" in text
    assert "非常满意" in text and "非常不满意" in text and "部分解决" in text
    assert "已修复路灯。" in text  # the outcome they are asked about
    assert "王小明" not in text and "13812345678" not in text

    response = client.post(callback_sms(case).link, ANSWER)
    assert "感谢您的答复" in response.content.decode()
    callback = Callback.objects.get(case=case)
    assert (callback.channel, callback.solved, callback.satisfaction) == (
        CallbackChannel.SMS, Solved.SOLVED, Satisfaction.SATISFIED)
    assert callback.round == 0 and callback.recorded_by is None and callback.called_at
    assert callback.comment == "修得很快"


def test_a_second_answer_is_refused_politely_and_the_first_is_kept(client, ledger):
    case = closed_by_town_office(ledger)
    link = callback_sms(case).link
    client.post(link, ANSWER)
    again = client.post(link, {**ANSWER, "solved": Solved.UNSOLVED})
    assert again.status_code == 200
    assert "您已答复过本次回访，答复不能修改" in again.content.decode()
    assert Callback.objects.get(case=case).solved == Solved.SOLVED
    assert "您已答复过" in client.get(link).content.decode()


def test_one_question_left_unanswered_is_asked_for_in_chinese(client, ledger):
    case = closed_by_town_office(ledger)
    response = client.post(callback_sms(case).link, {"solved": Solved.SOLVED})
    assert response.status_code == 400
    assert "请选择满意程度" in response.content.decode()
    assert not Callback.objects.exists()


def test_an_overlong_comment_is_refused_in_chinese(client, ledger):
    case = closed_by_town_office(ledger)
    response = client.post(callback_sms(case).link, {**ANSWER, "comment": "很" * 501})
    assert response.status_code == 400 and "500" in response.content.decode()
    assert not Callback.objects.exists()


def test_a_tampered_link_is_not_found_and_says_so(client, ledger):
    case = closed_by_town_office(ledger)
    link = callback_sms(case).link
    forged = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    for url in (forged, "/cases/answer/not-a-token/", "/cases/answer/%00/"):
        response = client.get(url)
        assert response.status_code in {400, 404}
        if response.status_code == 404:
            assert "链接无效" in response.content.decode()
    assert client.post(forged, ANSWER).status_code == 404
    assert not Callback.objects.exists()


def test_a_link_past_the_wait_has_expired_and_says_so(client, ledger):
    case = closed_days_ago(closed_by_town_office(ledger), 20)  # 5 working days, passed
    response = client.get(callback_sms(case).link)
    assert "答复期限已过" in response.content.decode()
    client.post(callback_sms(case).link, ANSWER)
    assert not Callback.objects.exists()


def test_the_link_of_a_closing_since_reopened_no_longer_answers(client, ledger):
    case = closed_by_town_office(ledger)
    link = callback_sms(case).link
    case_route(case=case, action=Action.REOPEN, by=ledger.p.yuexiu_staff, note="群众来电反映未修好")
    assert "该诉求已重新办理" in client.get(link).content.decode()
    client.post(link, ANSWER)
    assert not Callback.objects.exists()


def test_a_visitor_who_did_not_agree_or_left_no_phone_gets_no_sms(ledger):
    ledger.visitor.consent_to_contact = False
    ledger.visitor.save()
    closed_by_town_office(ledger)
    assert not Message.objects.filter(key__contains=":callback:").exists()


def test_the_answer_page_masks_a_phone_or_identity_number_in_the_outcome(client, ledger):
    """The link needs no login and may be forwarded: like the status page, it shows the
    outcome with any phone or identity number staff wrote in it masked (个人信息保护法)."""
    case = closed_by_town_office(ledger, reply="已修复路灯，联系人手机13912345678，"
                                               "身份证440104199001011234。")
    text = client.get(callback_sms(case).link).content.decode()
    assert "已修复路灯" in text
    assert "13912345678" not in text and "440104199001011234" not in text
    assert "139********" in text
