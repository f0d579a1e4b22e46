"""Every message about a case links to the case's page (规范 第十三条): the handler it is
passed to, the reminder when it runs late, the outcome the members hear, the suggestion
to file after 集中反映 — and each recipient who follows the link may open it."""

import datetime as dt

from django.urls import reverse

from cases.choices import Action, SettingKey
from cases.models import RoutingSetting
from cases.services import case_route, cases_remind_overdue
from notices.models import Message

from .conftest import new_case


def _inbox(key):
    return Message.objects.filter(key=key, channel="inbox")


def _opens(client, message):
    client.force_login(message.recipient)
    assert client.get(message.link).status_code == 200, message.recipient


def test_the_handler_the_reminder_and_the_outcome_link_to_the_case(client, ledger):
    p, url = ledger.p, reverse("cases:case", args=[ledger.case.pk])
    case = case_route(case=ledger.case, action=Action.TO_MEMBER, by=p.beijing_clerk,
                      members=[p.member], today=dt.date(2026, 3, 16))
    [assigned] = _inbox(f"case:{case.pk}:step:{case.current_step_id}:assigned")
    assert (assigned.recipient, assigned.link) == (p.member_user, url)

    cases_remind_overdue(today=dt.date(2026, 12, 1))
    overdue = _inbox(f"case:{case.pk}:step:{case.current_step_id}:overdue")
    assert overdue.count() == 2 and {m.link for m in overdue} == {url}

    case_route(case=case, action=Action.FILE, by=p.member_user, kind="proposal",
               title="关于路灯维护的提案", date=dt.date(2026, 4, 1))
    [outcome] = _inbox(f"case:{case.pk}:outcome")
    assert (outcome.recipient, outcome.link) == (p.member_user, url)
    for message in (assigned, *overdue, outcome):
        _opens(client, message)


def test_the_suggestion_after_a_cluster_links_to_a_case_the_member_may_open(client, ledger):
    RoutingSetting.objects.filter(key=SettingKey.CLUSTER_THRESHOLD_TOWN).update(value=2)
    second = new_case(ledger.activity, ledger.p.beijing_clerk, content="另一处路灯不亮")
    [suggestion] = Message.objects.filter(key__endswith=":suggest", channel="inbox")
    assert suggestion.recipient == ledger.p.member_user
    assert suggestion.link == reverse("cases:case", args=[second.pk])
    _opens(client, suggestion)
