"""举措 四（三）: a widespread, general problem (a 集中反映 cluster) can be put forward as a
consultation topic (协商议题建议), beside the members' proposals of 规范 第十三条（四）. The
district's staff are told, record whether it entered the plan of consultation and democratic
supervision, and the one who proposed it is told; the history keeps each step."""

import pytest
from django.urls import reverse

from cases.choices import TopicState
from cases.models import Cluster, ConsultationTopic
from notices.models import Message

from ..factories import district


@pytest.fixture
def cluster(ledger):
    found = Cluster.objects.create(topic=ledger.case.topic, district=district("越秀区"),
                                   town=ledger.case.town, first_date=ledger.case.raised_on,
                                   last_date=ledger.case.raised_on)
    found.cases.add(ledger.case)
    return found


def propose(client, user, cluster, **fields):
    client.force_login(user)
    url = reverse("cases:consultation_topic", args=[cluster.pk])
    page = client.get(url)
    if page.status_code != 200:
        return page
    data = {"title": "关于老旧小区路灯维护机制的协商议题", "reason": "多个社区反映路灯长期不亮。",
            "once": page.context["form"]["once"].value(), **fields}
    return client.post(url, data)


@pytest.mark.parametrize("who", ["beijing_lead", "yuexiu_staff"])
def test_the_town_or_district_puts_a_cluster_forward_and_the_district_is_told(
        client, ledger, cluster, who):
    response = propose(client, getattr(ledger.p, who), cluster)

    assert response.status_code == 302
    topic = ConsultationTopic.objects.get()
    assert (topic.cluster, topic.district.name, topic.state) == (
        cluster, "越秀区", TopicState.PROPOSED)
    assert topic.proposed_by == getattr(ledger.p, who)
    told = Message.objects.filter(key=f"consultation-topic:{topic.pk}:proposed", channel="inbox")
    assert list(told.values_list("recipient", flat=True)) == [ledger.p.yuexiu_staff.pk]
    page = client.get(reverse("cases:clusters")).content.decode()
    assert "关于老旧小区路灯维护机制的协商议题" in page and "已提出建议" in page


def test_a_cluster_is_put_forward_once(client, ledger, cluster):
    propose(client, ledger.p.yuexiu_staff, cluster)
    again = propose(client, ledger.p.beijing_lead, cluster)

    assert again.status_code == 400 and "已提出过协商议题建议" in again.content.decode()
    assert ConsultationTopic.objects.count() == 1


def test_the_district_records_the_decision_and_the_proposer_is_told(client, ledger, cluster):
    propose(client, ledger.p.beijing_lead, cluster)
    topic = ConsultationTopic.objects.get()
    client.force_login(ledger.p.yuexiu_staff)
    url = reverse("admin:cases_consultationtopic_change", args=[topic.pk])

    response = client.post(url, {"state": TopicState.ADOPTED,
                                 "decision_note": "纳入2027年区政协协商计划"})

    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.state == TopicState.ADOPTED and topic.decided_by == ledger.p.yuexiu_staff
    told = Message.objects.get(key__startswith=f"consultation-topic:{topic.pk}:decided",
                               channel="inbox")
    assert told.recipient == ledger.p.beijing_lead and "已纳入协商计划" in told.body
    assert topic.history.count() == 2


def test_the_town_reads_the_decision_but_does_not_make_it(client, ledger, cluster):
    propose(client, ledger.p.beijing_lead, cluster)
    topic = ConsultationTopic.objects.get()
    url = reverse("admin:cases_consultationtopic_change", args=[topic.pk])

    response = client.post(url, {"state": TopicState.ADOPTED, "decision_note": "越权"})

    assert response.status_code == 403
    topic.refresh_from_db()
    assert topic.state == TopicState.PROPOSED


@pytest.mark.parametrize("who", ["liwan_staff", "tianhe_staff"])
def test_another_districts_cluster_is_not_found(client, ledger, cluster, who):
    assert propose(client, getattr(ledger.p, who), cluster).status_code == 404
    assert not ConsultationTopic.objects.exists()


@pytest.mark.parametrize("who", ["beijing_clerk", "member_user", "economy_staff"])
def test_roles_without_the_right_are_refused(client, ledger, cluster, who):
    assert propose(client, getattr(ledger.p, who), cluster).status_code == 403
