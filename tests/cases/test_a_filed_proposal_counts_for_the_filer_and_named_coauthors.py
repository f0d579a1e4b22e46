"""规范 第十三条（四）: the member a case was passed to files a proposal or a social-conditions
report; it is credited to that member and the co-authors they name — each of whom it
counts for (举措 三（一）: joint ones count), in the yearly quota and in the points — and
not to everyone who attended the reception."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.choices import Action
from cases.services import case_route
from members.choices import Level
from members.models import Member
from scoring.choices import DutyKind
from scoring.quotas import quota_status
from scoring.services import duty_records_confirm

from ..factories import MemberFactory, district

FILED = dt.date(2026, 4, 20)


def _three_present(ledger):
    """陈明 (the fixture's), 张红 and 赵强 received the visitor; the clerk passes the case to
    them all (the default: everyone present)."""
    for name in ("张红", "赵强"):
        member = MemberFactory(name=name, level=Level.CITY, district=district("越秀区"))
        ledger.activity.members_present.add(member)
    case = case_route(case=ledger.case, action=Action.TO_MEMBER, by=ledger.p.beijing_clerk)
    assert case.members.count() == 3
    return case, {m.name: m for m in case.members.all()}


def _year(*members):
    status = quota_status(members=Member.objects.filter(pk__in=[m.pk for m in members]),
                          year=2026)
    return {row.member.name: (row.counts[DutyKind.PROPOSAL], row.total_points)
            for row in status.rows}


@pytest.mark.parametrize("kind", [DutyKind.PROPOSAL, DutyKind.SOCIAL_REPORT])
def test_only_the_filer_and_the_named_coauthor_are_credited(ledger, kind):
    case, m = _three_present(ledger)
    case = case_route(case=case, action=Action.FILE, by=ledger.p.member_user, kind=kind,
                      title="关于老旧小区照明改造", date=FILED, coauthors=[m["张红"]])
    record = case.duty_record
    assert {a.name for a in record.members.all()} == {"陈明", "张红"}
    assert "赵强" not in {a.name for a in record.members.all()}


def test_the_quota_and_the_points_go_to_exactly_the_authors(ledger):
    case, m = _three_present(ledger)
    before = _year(*m.values())
    case = case_route(case=case, action=Action.FILE, by=ledger.p.member_user,
                      kind=DutyKind.PROPOSAL, title="关于老旧小区照明改造的提案", date=FILED,
                      coauthors=[m["张红"]])
    duty_records_confirm(records=type(case.duty_record).objects.filter(pk=case.duty_record.pk),
                         by=ledger.p.yuexiu_staff)  # 举措 四（四）: staff confirm it
    after = _year(*m.values())

    for author in ("陈明", "张红"):
        assert after[author][0] == before[author][0] + 1
    assert after["赵强"] == before["赵强"]
    gained = after["陈明"][1] - before["陈明"][1]
    assert after["张红"][1] - before["张红"][1] == gained


def test_staff_entering_the_filing_credit_the_member_they_name(ledger):
    case, m = _three_present(ledger)
    case = case_route(case=case, action=Action.FILE, by=ledger.p.yuexiu_staff,
                      kind=DutyKind.SOCIAL_REPORT, title="关于路灯维护的社情民意", date=FILED,
                      author=m["赵强"])
    assert [a.name for a in case.duty_record.members.all()] == ["赵强"]


def test_staff_naming_nobody_credit_the_member_the_case_was_assigned_to(ledger):
    case, m = _three_present(ledger)
    assert case.handler == ledger.p.member_user  # the first present member with a login
    case = case_route(case=case, action=Action.FILE, by=ledger.p.yuexiu_staff,
                      kind=DutyKind.PROPOSAL, title="关于路灯维护的提案", date=FILED)
    assert [a.name for a in case.duty_record.members.all()] == ["陈明"]


def test_a_coauthor_with_no_part_in_the_case_is_refused(ledger):
    case, _m = _three_present(ledger)
    stranger = MemberFactory(name="钱六", level=Level.CITY, district=district("越秀区"))
    with pytest.raises(ValidationError, match="联名委员"):
        case_route(case=case, action=Action.FILE, by=ledger.p.member_user,
                   kind=DutyKind.PROPOSAL, title="x", date=FILED, coauthors=[stranger])
    case.refresh_from_db()
    assert case.duty_record_id is None and case.state == "member_researching"


def test_the_members_form_offers_coauthors_and_files_with_them(client, ledger):
    case, m = _three_present(ledger)
    client.force_login(ledger.p.member_user)
    url = reverse("cases:route", args=[case.pk, Action.FILE])
    form = client.get(url).context["form"]
    assert "author" not in form.fields  # the member files in their own name
    assert {c.name for c in form.fields["coauthors"].queryset} == {"张红", "赵强"}

    response = client.post(url, {"kind": "proposal", "title": "关于老旧小区照明改造的提案",
                                 "date": "2026-04-20", "coauthors": [m["赵强"].pk]})
    assert response.status_code == 302
    case.refresh_from_db()
    assert {a.name for a in case.duty_record.members.all()} == {"陈明", "赵强"}
