"""常用答复: staff keep reusable answers per topic, their district's and the city's; when
answering or replying they pick one, and the text stays theirs to edit."""

import pytest
from django.urls import reverse

from cases.choices import CaseState
from cases.models import Case, ReplyTemplate, Topic

from ..factories import district


@pytest.fixture
def answers(ledger):
    p, topic = ledger.p, ledger.case.topic
    yuexiu, liwan = district("越秀区"), district("荔湾区")
    other_topic = Topic.objects.get(name="养老服务")
    return {
        "lamp": ReplyTemplate.objects.create(district=yuexiu, topic=topic, title="路灯维修",
                                             text="已联系物业，三个工作日内修复路灯。"),
        "any": ReplyTemplate.objects.create(title="已转交承办部门", text="已转交承办部门办理。"),
        "liwan": ReplyTemplate.objects.create(district=liwan, topic=topic, title="荔湾路灯",
                                              text="荔湾区的答复"),
        "meals": ReplyTemplate.objects.create(district=yuexiu, topic=other_topic,
                                              title="长者饭堂", text="长者饭堂的答复"),
        "off": ReplyTemplate.objects.create(district=yuexiu, topic=topic, title="停用的答复",
                                            text="停用", active=False),
        "p": p,
    }


def test_the_answer_page_offers_the_topics_and_the_citys_answers_only(client, ledger, answers):
    client.force_login(ledger.p.beijing_clerk)
    page = client.get(reverse("cases:route", args=[ledger.case.pk, "answer"]))
    assert [t.title for t in page.context["templates"]] == ["路灯维修", "已转交承办部门"]
    body = page.content.decode()
    assert "常用答复" in body and "荔湾路灯" not in body and "长者饭堂" not in body


def test_a_picked_answer_fills_the_text_which_stays_editable(client, ledger, answers):
    client.force_login(ledger.p.beijing_clerk)
    url = reverse("cases:route", args=[ledger.case.pk, "answer"])
    page = client.get(url, {"template": answers["lamp"].pk}, HTTP_HX_REQUEST="true")
    assert "已联系物业，三个工作日内修复路灯。</textarea>" in page.content.decode()
    outside = client.get(url, {"template": answers["liwan"].pk}).content.decode()
    assert "荔湾区的答复" not in outside  # another district's answer is never filled in
    client.post(url, {"answer": "已联系物业，明天上午修复路灯。"})
    case = Case.objects.get(pk=ledger.case.pk)
    assert case.state == CaseState.CLOSED and case.outcome == "已联系物业，明天上午修复路灯。"


def test_district_staff_keep_their_own_answers_and_read_the_citys(client, ledger, answers):
    client.force_login(ledger.p.yuexiu_staff)
    changelist = client.get(reverse("admin:cases_replytemplate_changelist")).content.decode()
    assert "路灯维修" in changelist and "已转交承办部门" in changelist
    assert "荔湾路灯" not in changelist
    city_answer = reverse("admin:cases_replytemplate_change", args=[answers["any"].pk])
    client.post(city_answer, {"title": "改掉", "text": "改掉", "active": "on"})
    assert ReplyTemplate.objects.get(pk=answers["any"].pk).title == "已转交承办部门"
    other = reverse("admin:cases_replytemplate_change", args=[answers["liwan"].pk])
    assert client.get(other).status_code == 404
    own = reverse("admin:cases_replytemplate_change", args=[answers["lamp"].pk])
    response = client.post(own, {"title": "路灯维修", "text": "已联系物业，两日内修复。",
                                 "topic": answers["lamp"].topic_id,
                                 "district": answers["lamp"].district_id, "active": "on"})
    assert response.status_code == 302
    lamp = ReplyTemplate.objects.get(pk=answers["lamp"].pk)
    assert lamp.text == "已联系物业，两日内修复。"
    assert [h.text for h in lamp.history.order_by("history_date")] == [
        "已联系物业，三个工作日内修复路灯。", "已联系物业，两日内修复。"]


def test_a_clerk_reads_but_does_not_write_the_answers(client, ledger, answers):
    client.force_login(ledger.p.beijing_clerk)
    assert client.get(reverse("admin:cases_replytemplate_add")).status_code == 403
    assert client.get(reverse("admin:cases_replytemplate_changelist")).status_code == 200
