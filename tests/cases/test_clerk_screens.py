"""The clerk's screens: record an activity (draft or held), add visitors and cases, route.
A half-filled activity is kept as a draft; on a validation error nothing typed is lost."""

import datetime as dt

from django.urls import reverse

from cases.choices import ActivityStatus, CaseState
from cases.models import Activity, Case, Topic, Visitor
from cases.services import case_route
from scoring.models import DutyRecord

from .conftest import held_activity, new_case


def test_the_clerk_starts_from_the_home_page(client, personas):
    client.force_login(personas.beijing_clerk)
    links = client.get(reverse("home")).context["links"]
    assert links[0][1] == reverse("cases:start")
    page = client.get(reverse("cases:start"))
    assert list(page.context["workrooms"]) == [personas.beijing_room]


def test_save_draft_keeps_a_half_filled_activity(client, personas):
    client.force_login(personas.beijing_clerk)
    url = reverse("cases:activity_create", args=[personas.beijing_room.pk])
    response = client.post(url, {"summary": "先记下来，日期稍后补", "submit": "draft"})
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.status == ActivityStatus.DRAFT and activity.summary.startswith("先记下来")
    assert activity.recorded_by == personas.beijing_clerk
    assert not DutyRecord.objects.exists()


def test_a_validation_error_loses_nothing_typed(client, personas):
    client.force_login(personas.beijing_clerk)
    url = reverse("cases:activity_create", args=[personas.beijing_room.pk])
    typed = {"form": "reception_day", "summary": "接待群众十余人，反映路灯问题", "attendance": "15",
             "submit": "held"}  # held without a date or members
    response = client.post(url, typed)
    assert response.status_code == 200 and not Activity.objects.exists()
    form = response.context["form"]
    assert form.errors["date"] == ["标记已举行须填写活动日期。"]
    assert "members_present" in form.errors
    body = response.content.decode()
    assert "接待群众十余人，反映路灯问题" in body and 'value="15"' in body
    assert "已填写的内容都保留着" in body


def test_marking_held_from_the_form_credits_the_members_present(client, personas):
    client.force_login(personas.beijing_clerk)
    url = reverse("cases:activity_create", args=[personas.beijing_room.pk])
    client.post(url, {
        "form": "reception_day", "date": "2026-05-15", "attendance": "8", "summary": "接待",
        "members_present": [personas.member.pk], "submit": "held",
    })
    activity = Activity.objects.get()
    assert activity.status == ActivityStatus.HELD
    assert list(DutyRecord.objects.get(source_ref=f"activity:{activity.pk}").members.all()) == [
        personas.member
    ]


def test_only_the_workrooms_members_are_offered(client, personas):
    client.force_login(personas.beijing_clerk)
    response = client.get(reverse("cases:activity_create", args=[personas.beijing_room.pk]))
    offered = list(response.context["form"].fields["members_present"].queryset)
    assert offered == [personas.member]


def _visitor_post(personas, **extra):
    topic = Topic.objects.get(name="养老服务").pk
    town = personas.beijing_room.town_id
    data = {
        "visitor-name": "李阿姨", "visitor-phone": "１３９ ００００ １１１１",
        "visitor-address": "越秀区北京街某巷", "visitor-consent_to_contact": "on",
        "cases-TOTAL_FORMS": "2", "cases-INITIAL_FORMS": "0",
        "cases-MIN_NUM_FORMS": "1", "cases-MAX_NUM_FORMS": "20",
        "cases-0-topic": topic, "cases-0-town": town, "cases-0-content": "长者饭堂太远",
        "cases-1-topic": topic, "cases-1-town": town, "cases-1-content": "",
    }
    data.update(extra)
    return data


def test_a_visitor_and_two_cases_are_registered_together(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    url = reverse("cases:visitor_add", args=[activity.pk])
    response = client.post(url, _visitor_post(personas, **{"cases-1-content": "希望增设助餐点"}))
    assert response.status_code == 302
    visitor = Visitor.objects.get()
    assert visitor.phone == "13900001111"  # full-width digits and spaces normalised
    cases = Case.objects.order_by("pk")
    assert [c.content for c in cases] == ["长者饭堂太远", "希望增设助餐点"]
    assert {c.visitor for c in cases} == {visitor}
    assert {c.state for c in cases} == {CaseState.REGISTERED}


def test_a_bad_case_row_keeps_the_visitor_and_other_rows(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    data = _visitor_post(personas, **{"cases-1-content": "", "cases-1-topic": ""})
    data["cases-0-content"] = ""  # the first row loses its content
    response = client.post(reverse("cases:visitor_add", args=[activity.pk]), data)
    assert response.status_code == 200 and not Case.objects.exists()
    assert not Visitor.objects.exists()
    body = response.content.decode()
    assert "李阿姨" in body and "越秀区北京街某巷" in body


def test_a_bad_phone_number_is_refused_in_chinese(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    data = _visitor_post(personas, **{"visitor-phone": "12345"})
    response = client.post(reverse("cases:visitor_add", args=[activity.pk]), data)
    assert "电话号码格式不正确" in response.content.decode()
    assert not Visitor.objects.exists()


def test_htmx_adds_another_case_row_and_bumps_the_total(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    response = client.get(reverse("cases:case_row", args=[activity.pk]),
                          {"cases-TOTAL_FORMS": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'name="cases-1-content"' in body
    assert 'name="cases-TOTAL_FORMS" value="2"' in body and 'hx-swap-oob="true"' in body


def test_without_javascript_the_add_row_button_still_adds_a_row(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    data = _visitor_post(personas, add_row="1")
    data["cases-TOTAL_FORMS"] = "1"
    response = client.post(reverse("cases:visitor_add", args=[activity.pk]), data)
    assert response.status_code == 200 and not Case.objects.exists()
    assert response.context["formset"].total_form_count() == 2


def test_the_clerk_routes_a_case_from_its_page(client, ledger):
    client.force_login(ledger.p.beijing_clerk)
    page = client.get(reverse("cases:case", args=[ledger.case.pk]))
    actions = [a for a, _ in page.context["actions"]]
    assert actions == [
        "answer", "submit_to_leader", "to_petition", "to_member", "refuse", "merge"]
    url = reverse("cases:route", args=[ledger.case.pk, "refuse"])
    response = client.post(url, {"procedure": "litigation", "referred_body": ""})
    assert "这个字段是必填项" in response.content.decode()
    response = client.post(url, {"procedure": "litigation", "referred_body": "越秀区人民法院"})
    assert response.status_code == 302
    ledger.case.refresh_from_db()
    assert ledger.case.state == CaseState.REFUSED


def test_a_move_not_allowed_now_is_explained_and_changes_nothing(client, ledger):
    client.force_login(ledger.p.beijing_clerk)
    url = reverse("cases:route", args=[ledger.case.pk, "reply"])
    response = client.get(url)
    assert "不能执行" in response.content.decode() and response.context["form"] is None
    client.post(url, {"reply": "已办"})
    ledger.case.refresh_from_db()
    assert ledger.case.state == CaseState.REGISTERED


def test_a_member_sees_the_case_but_may_not_route_it(client, ledger):
    client.force_login(ledger.p.member_user)
    assert client.get(reverse("cases:case", args=[ledger.case.pk])).context["actions"] == []
    response = client.post(reverse("cases:route", args=[ledger.case.pk, "answer"]),
                           {"answer": "x"})
    assert "您无权执行此操作" in response.content.decode()
    ledger.case.refresh_from_db()
    assert ledger.case.state == CaseState.REGISTERED


def test_case_list_filters_by_state_and_keyword(client, ledger):
    client.force_login(ledger.p.yuexiu_staff)
    url = reverse("cases:list")
    assert list(client.get(url, {"state": "registered"}).context["page"]) == [ledger.case]
    assert list(client.get(url, {"state": "closed"}).context["page"]) == []
    assert list(client.get(url, {"q": "路灯"}).context["page"]) == [ledger.case]
    assert list(client.get(url, {"q": "医保"}).context["page"]) == []


def test_an_activity_date_in_the_future_is_refused_for_held(client, personas):
    client.force_login(personas.beijing_clerk)
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("cases:activity_create", args=[personas.beijing_room.pk]),
        {"form": "research", "date": future, "members_present": [personas.member.pk],
         "submit": "held"},
    )
    assert "尚不能标记为已举行" in response.content.decode()


def test_route_four_and_an_instruction_through_their_forms(client, ledger):
    p = ledger.p
    client.force_login(p.beijing_clerk)
    form = client.get(reverse("cases:route", args=[ledger.case.pk, "to_member"])).context["form"]
    assert list(form.fields["members"].queryset) == [p.member]
    client.post(reverse("cases:route", args=[ledger.case.pk, "to_member"]),
                {"members": [p.member.pk], "note": "集中反映，建议调研"})
    ledger.case.refresh_from_db()
    assert ledger.case.state == CaseState.MEMBER_RESEARCHING

    other = new_case(ledger.activity, p.beijing_clerk, content="另一件")
    case_route(case=other, action="submit_to_leader", by=p.beijing_clerk)
    client.force_login(p.beijing_lead)
    url = reverse("cases:route", args=[other.pk, "instruct"])
    form = client.get(url).context["form"]
    assert list(form.fields["department"].queryset) == [ledger.town_office]
    client.post(url, {"instruction": "请城管办处理", "department": ledger.town_office.pk})
    other.refresh_from_db()
    assert other.state == CaseState.WITH_TOWN_OFFICE and other.department == ledger.town_office
