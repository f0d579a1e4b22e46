"""重办: "未解决" or a bad rating at the callback, within the reopening window (本地设置),
returns the case to whoever handled it last before it closed, with the resident's reason,
a new due date and a 重办 mark, and is counted; outside the window it does not, and the
resident is told so in Chinese. Staff who route cases reopen one with a reason, at any time.
The next closing asks a new callback."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.callbacks import callback_record
from cases.choices import Action, CallbackChannel, CaseState, Satisfaction, SettingKey, Solved
from cases.models import Callback, RoutingSetting
from cases.services import case_route, due_date
from notices.models import Message
from notices.services import address_digest

from .closing import callback_sms, closed_by_town_office, closed_days_ago


def test_unsolved_at_the_sms_link_returns_the_case_to_its_last_handler(client, ledger):
    case = closed_by_town_office(ledger)
    response = client.post(callback_sms(case).link, {
        "solved": Solved.UNSOLVED, "satisfaction": Satisfaction.BASICALLY_SATISFIED,
        "comment": "路灯还是不亮",
    })
    assert "将重新办理" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.WITH_TOWN_OFFICE  # where it was before the reply closed it
    assert case.handler == ledger.p.beijing_lead and case.department == ledger.town_office
    assert case.due_date == due_date(CaseState.WITH_TOWN_OFFICE, timezone.localdate())
    assert case.reopen_count == 1 and case.closed_at is None
    step = case.steps.last()
    assert (step.action, step.from_state, step.by) == (Action.REOPEN, CaseState.CLOSED, None)
    assert "未解决" in step.note and "路灯还是不亮" in step.note
    told = Message.objects.get(recipient=ledger.p.beijing_lead, key__endswith=":assigned",
                               subject__contains="重办")
    assert told.link == reverse("cases:case", args=[case.pk]) and "路灯还是不亮" in told.body


@pytest.mark.parametrize("rating", [Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED])
def test_a_bad_rating_recorded_by_phone_reopens_the_case_too(ledger, rating):
    case = closed_by_town_office(ledger)
    answer = callback_record(case=case, channel=CallbackChannel.PHONE, solved=Solved.SOLVED,
                             satisfaction=rating, by=ledger.p.beijing_clerk)
    assert answer.reopened
    case.refresh_from_db()
    assert case.state == CaseState.WITH_TOWN_OFFICE and case.reopen_count == 1
    assert case.steps.last().by == ledger.p.beijing_clerk


@pytest.mark.parametrize("solved", [Solved.SOLVED, Solved.PARTLY])
def test_solved_or_partly_with_a_fair_rating_closes_for_good(ledger, solved):
    case = closed_by_town_office(ledger)
    callback_record(case=case, channel=CallbackChannel.PHONE, solved=solved,
                    satisfaction=Satisfaction.BASICALLY_SATISFIED, by=ledger.p.beijing_clerk)
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.reopen_count == 0


def test_outside_the_window_the_answer_is_kept_but_nothing_reopens_and_it_says_why(
    client, ledger
):
    RoutingSetting.objects.filter(key=SettingKey.REOPEN_WINDOW_DAYS).update(value=1)
    case = closed_days_ago(closed_by_town_office(ledger), 2)  # within the 5-working-day wait
    response = client.post(callback_sms(case).link, {
        "solved": Solved.UNSOLVED, "satisfaction": Satisfaction.VERY_DISSATISFIED})
    text = response.content.decode()
    assert "已超过办结后1天的重办期限，本次不自动重办" in text
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.reopen_count == 0
    assert Callback.objects.get(case=case).solved == Solved.UNSOLVED


def test_the_reopen_mark_shows_on_the_case_page_the_lists_and_the_ledger(client, ledger):
    case = closed_by_town_office(ledger)
    callback_record(case=case, channel=CallbackChannel.SMS, solved=Solved.UNSOLVED,
                    satisfaction=Satisfaction.DISSATISFIED)
    client.force_login(ledger.p.beijing_clerk)
    for url in (reverse("cases:case", args=[case.pk]), reverse("cases:list"),
                reverse("cases:activity", args=[case.activity_id]),
                reverse("cases:ledger", args=[ledger.p.beijing_room.pk])):
        assert 'class="pill reopened"' in client.get(url).content.decode(), url
    listed = client.get(reverse("cases:list"), {"reopened": "1"}).context["page"]
    assert [c.pk for c in listed] == [case.pk]


def test_the_next_closing_asks_a_new_callback_for_its_round(client, ledger):
    case = closed_by_town_office(ledger)
    callback_record(case=case, channel=CallbackChannel.SMS, solved=Solved.UNSOLVED,
                    satisfaction=Satisfaction.DISSATISFIED)
    case = case_route(case=case, action=Action.REPLY, by=ledger.p.beijing_clerk,
                      reply="已更换灯具。")
    assert case.state == CaseState.CLOSED
    client.post(callback_sms(case, 1).link, {"solved": "solved", "satisfaction": "satisfied"})
    assert list(Callback.objects.filter(case=case).values_list("round", "solved")) == [
        (0, Solved.UNSOLVED), (1, Solved.SOLVED)]
    outcome_sms = Message.objects.filter(channel="sms", key__startswith=f"case:{case.pk}:outcome",
                                         address_digest=address_digest("13812345678"))
    assert outcome_sms.count() == 2  # the visitor hears the new outcome too


def test_staff_reopen_with_a_reason_at_any_time(client, ledger):
    case = closed_days_ago(closed_by_town_office(ledger), 90)  # long past the window
    client.force_login(ledger.p.yuexiu_staff)
    page = client.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert reverse("cases:route", args=[case.pk, "reopen"]) in page
    url = reverse("cases:route", args=[case.pk, "reopen"])
    refused = client.post(url, {"note": "  "})
    assert "必填" in refused.content.decode()
    client.post(url, {"note": "群众来电反映仍未修好"})
    case.refresh_from_db()
    assert case.state == CaseState.WITH_TOWN_OFFICE and case.reopen_count == 1
    assert case.steps.last().note == "群众来电反映仍未修好"
    assert case.steps.last().by == ledger.p.yuexiu_staff


def test_only_staff_who_route_cases_reopen_and_never_without_a_reason(ledger):
    case = closed_by_town_office(ledger)
    with pytest.raises(ValidationError, match="请填写重办的理由"):
        case_route(case=case, action=Action.REOPEN, by=ledger.p.beijing_clerk, note="")
    with pytest.raises(ValidationError):
        case_route(case=case, action=Action.REOPEN, by=ledger.p.member_user, note="x")
    with pytest.raises(ValidationError, match="您无权办理这件诉求"):
        case_route(case=case, action=Action.REOPEN, by=ledger.p.liwan_staff, note="x")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.reopen_count == 0


def test_an_open_or_refused_case_cannot_be_reopened(ledger):
    with pytest.raises(ValidationError, match="不能执行“重办”"):
        case_route(case=ledger.case, action=Action.REOPEN, by=ledger.p.beijing_clerk, note="x")


def test_a_case_answered_on_the_spot_returns_to_the_workroom_clerk(ledger):
    case = case_route(case=ledger.case, action=Action.ANSWER, by=ledger.p.beijing_clerk,
                      answer="已答复")
    case = case_route(case=case, action=Action.REOPEN, by=ledger.p.yuexiu_staff, note="未落实")
    assert case.state == CaseState.REGISTERED and case.handler == ledger.p.beijing_clerk
    assert case.due_date == due_date(CaseState.REGISTERED, timezone.localdate())


def test_each_reopening_is_counted(ledger):
    case = closed_by_town_office(ledger)
    for n in (1, 2):
        case = case_route(case=case, action=Action.REOPEN, by=ledger.p.yuexiu_staff, note="未修好")
        assert case.reopen_count == n
        case = case_route(case=case, action=Action.REPLY, by=ledger.p.beijing_clerk, reply="已修")
    assert case.reopen_mark == "重办2次"
    assert case.steps.filter(action=Action.REOPEN).count() == 2
