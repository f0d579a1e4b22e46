"""The other way in: a one-time code by SMS to the phone given at registration, where the
resident agreed to be contacted. The code is short-lived, kept only as a digest, accepted
once, and sent a few times a day at most; the page answers the same whether or not a code
went out."""

import re

from cases.models import StatusCode
from cases.status import CODE_SENDS_PER_DAY
from notices.models import Message

from ..cases.conftest import PHONE, new_case

URL = "/status/code/"


def send(client, receipt):
    return client.post(URL, {"receipt": receipt}).content.decode()


def sent_code(case) -> str:
    message = Message.objects.filter(key__startswith=f"case:{case.pk}:status-code:").first()
    return re.search(r"\d{6}", message.body).group()


def test_the_code_sent_to_the_phone_shows_the_request_once(client, ledger):
    page = send(client, ledger.case.receipt)
    assert "验证码已发送到该号码" in page
    message = Message.objects.get(key__startswith=f"case:{ledger.case.pk}:status-code:")
    assert message.channel == "sms" and message.address == PHONE
    code = sent_code(ledger.case)
    assert code not in StatusCode.objects.get().digest  # kept as a keyed digest only
    found = client.post(URL, {"receipt": ledger.case.receipt, "code": code}).content.decode()
    assert "正在确定办理方式" in found
    again = client.post(URL, {"receipt": ledger.case.receipt, "code": code}).content.decode()
    assert "未查到" in again


def test_an_expired_code_is_refused(client, ledger, clock):
    send(client, ledger.case.receipt)
    code = sent_code(ledger.case)
    clock(minutes=11)
    page = client.post(URL, {"receipt": ledger.case.receipt, "code": code}).content.decode()
    assert "未查到" in page


def test_no_code_goes_to_a_visitor_who_did_not_agree_and_the_page_says_the_same(client, ledger):
    ledger.visitor.consent_to_contact = False
    ledger.visitor.save()
    anonymous = new_case(ledger.activity, ledger.p.beijing_clerk, content="匿名反映")
    pages = {re.sub(r'value="[^"]*"', "", send(client, c.receipt)) for c in
             (ledger.case, anonymous)}
    pages.add(re.sub(r'value="[^"]*"', "", send(client, "1111 2222 3333")))
    assert len(pages) == 1
    assert not Message.objects.filter(key__contains=":status-code:").exists()


def test_codes_to_one_phone_are_limited_each_day(client, ledger):
    for _attempt in range(CODE_SENDS_PER_DAY + 2):
        send(client, ledger.case.receipt)
    assert StatusCode.objects.count() == CODE_SENDS_PER_DAY
    assert Message.objects.filter(key__contains=":status-code:").count() == CODE_SENDS_PER_DAY
