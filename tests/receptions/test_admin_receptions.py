"""The staff admin: members on duty required, the plan button, scope, suggestions."""

import datetime as dt

import pytest

from receptions.models import Reception
from receptions.services import reception_plan_year

D = dt.date


def form_data(personas, **changes):
    data = {
        "workroom": personas.beijing_room.pk,
        "nominal_date": "2026-12-15",
        "date": "2026-12-15",
        "move_reason": "",
        "starts_at": "09:00",
        "ends_at": "11:30",
        "place": "北京街",
        "members": [personas.member.pk],
        "status": "planned",
        "notices-TOTAL_FORMS": "0",
        "notices-INITIAL_FORMS": "0",
    }
    return data | changes


def test_a_reception_needs_at_least_one_member_on_duty(personas, client, today):
    client.force_login(personas.yuexiu_staff)

    data = form_data(personas)
    del data["members"]
    response = client.post("/admin/receptions/reception/add/", data)

    assert "请至少安排一名当值委员" in response.content.decode()
    assert not Reception.objects.exists()


def test_staff_cannot_mark_a_notice_published_by_hand(personas, client, today):
    client.force_login(personas.yuexiu_staff)

    response = client.post(
        "/admin/receptions/reception/add/", form_data(personas, status="published")
    )

    assert "不能手动设为“已公告”" in response.content.decode()


def test_the_change_page_suggests_members_short_of_visits(personas, client, today):
    reception_plan_year(year=2026, today=D(2026, 11, 1))
    reception = Reception.objects.get(workroom=personas.beijing_room)
    client.force_login(personas.beijing_clerk)

    response = client.get(f"/admin/receptions/reception/{reception.pk}/change/")

    assert response.status_code == 200
    assert "陈明（本年已确认 0 次）" in response.content.decode()


def test_a_clerk_cannot_open_another_towns_reception(personas, client, today):
    reception_plan_year(year=2026, today=D(2026, 11, 1))
    other = Reception.objects.get(workroom=personas.hualin_room)
    client.force_login(personas.beijing_clerk)

    assert client.get(f"/admin/receptions/reception/{other.pk}/change/").status_code == 404


def test_district_staff_generate_their_districts_plan_from_the_admin(personas, client, today):
    client.force_login(personas.liwan_staff)

    response = client.post("/admin/receptions/reception/plan/", {"year": 2027}, follow=True)

    assert response.status_code == 200
    assert "2027年接待计划：新建 6 场" in response.content.decode()
    assert set(Reception.objects.values_list("workroom__name", flat=True)) == {"华林街工作室"}


@pytest.mark.parametrize("persona", ["beijing_clerk", "beijing_lead", "economy_staff"])
def test_roles_without_add_permission_cannot_generate_a_plan(personas, client, persona):
    client.force_login(getattr(personas, persona))

    assert client.post("/admin/receptions/reception/plan/", {"year": 2026}).status_code in {
        403,
        302,
    }
    assert not Reception.objects.exists()


def test_the_reception_list_offers_the_plan_button_to_district_staff(personas, client, today):
    client.force_login(personas.yuexiu_staff)

    assert "生成年度接待计划" in client.get("/admin/receptions/reception/").content.decode()


def test_district_staff_cannot_enter_a_city_wide_important_event(personas, client):
    client.force_login(personas.yuexiu_staff)

    response = client.post(
        "/admin/receptions/importantevent/add/", {"date": "2026-12-15", "title": "大会"}
    )

    assert response.status_code == 200  # the form again, with an error
    assert "这个字段是必填项" in response.content.decode()


def test_the_cancel_action_issues_a_corrected_notice_for_a_published_reception(
    reception, personas, client, today, django_capture_on_commit_callbacks
):
    from receptions.services import notice_publish_due

    notice_publish_due(today=D(2026, 11, 13))
    client.force_login(personas.yuexiu_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/receptions/reception/",
            {"action": "cancel_selected", "_selected_action": [reception.pk]},
            follow=True,
        )

    assert "将发布更正公告" in response.content.decode()
    reception.refresh_from_db()
    assert reception.status == "cancelled"
    assert reception.notices.filter(kind="correction").count() == 1
