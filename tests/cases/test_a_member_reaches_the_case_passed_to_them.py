"""规范 第十三条（四）: a member reaches a case passed to them without typing an address —
from 我的履职, from /cases/ and from the start page — and its page offers the moves their
permissions allow (cases.file_case, only on a case passed to them), nothing else. Another
member's case is a 404."""

from django.urls import reverse

from accounts.choices import Role
from cases.choices import Action
from cases.services import allowed_actions, case_route
from members.choices import Level

from ..factories import MemberFactory, UserFactory, district
from .conftest import held_activity, new_case


def _passed(ledger, *members):
    return case_route(case=ledger.case, action=Action.TO_MEMBER, by=ledger.p.beijing_clerk,
                      members=list(members or [ledger.p.member]), note="建议调研。")


def test_my_duty_page_links_the_case_and_its_page_offers_filing(client, ledger):
    case = _passed(ledger)
    client.force_login(ledger.p.member_user)
    url = reverse("cases:case", args=[case.pk])

    assert f'href="{url}"' in client.get(reverse("scoring:me")).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["actions"] == [(Action.FILE, Action.FILE.label)]
    assert reverse("cases:route", args=[case.pk, Action.FILE]) in page.content.decode()
    # the clerk's pages are not offered to a member
    assert reverse("cases:activity", args=[case.activity_id]) not in page.content.decode()


def test_cases_and_the_start_page_lead_a_member_to_their_cases(client, ledger):
    case = _passed(ledger)
    client.force_login(ledger.p.member_user)
    response = client.get(reverse("cases:start"))
    assert response.status_code == 302 and response["Location"] == reverse("cases:list")
    listed = client.get(reverse("cases:list"))
    assert case in listed.context["page"]
    assert reverse("cases:case", args=[case.pk]) in listed.content.decode()
    home = dict((str(label), url) for label, url in client.get(reverse("home")).context["links"])
    assert home["我的群众诉求"] == reverse("cases:list")


def test_no_role_without_the_permission_is_sent_on(client, ledger):
    client.force_login(ledger.p.nobody)
    assert client.get(reverse("cases:start")).status_code == 403


def test_the_member_may_take_no_staff_move(client, ledger):
    """Registered: the clerk's moves (answer, refer, pass to a member) are not the member's."""
    client.force_login(ledger.p.member_user)
    assert allowed_actions(ledger.case, ledger.p.member_user) == []
    assert client.get(reverse("cases:case", args=[ledger.case.pk])).context["actions"] == []
    response = client.post(reverse("cases:route", args=[ledger.case.pk, Action.ANSWER]),
                           {"answer": "越权答复"})
    assert "您无权执行此操作" in response.content.decode()
    ledger.case.refresh_from_db()
    assert ledger.case.state == "registered"


def test_another_members_case_is_a_404(client, ledger):
    p = ledger.p
    elsewhere = held_activity(p.hualin_room, p.hualin_clerk, [p.other_member])
    theirs = new_case(elsewhere, p.hualin_clerk, content="华林街积水")
    case_route(case=theirs, action=Action.TO_MEMBER, by=p.hualin_clerk, members=[p.other_member])
    client.force_login(p.member_user)
    for url in (reverse("cases:case", args=[theirs.pk]),
                reverse("cases:route", args=[theirs.pk, Action.FILE])):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("cases:route", args=[theirs.pk, Action.FILE]),
                           {"kind": "proposal", "title": "越权", "date": "2026-04-01"})
    assert response.status_code == 404
    assert theirs not in client.get(reverse("cases:list")).context["page"]
    assert "华林街积水" not in client.get(reverse("scoring:me")).content.decode()


def test_a_case_passed_to_another_member_at_the_same_reception_offers_no_move(client, ledger):
    """Present at the reception (接谈), the member reads the case; filing is for the member
    it was passed to."""
    colleague = MemberFactory(name="张红", level=Level.CITY, district=district("越秀区"),
                              user=UserFactory(username="member3", role=Role.MEMBER))
    ledger.activity.members_present.add(colleague)
    case = _passed(ledger, colleague)
    client.force_login(ledger.p.member_user)
    page = client.get(reverse("cases:case", args=[case.pk]))
    assert page.status_code == 200 and page.context["actions"] == []
    form = client.get(reverse("cases:route", args=[case.pk, Action.FILE]))
    assert form.context["refusal"] and form.context["form"] is None
