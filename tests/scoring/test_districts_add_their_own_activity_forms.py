"""规范 第十条: 各区及镇(街)可根据实际情况开展形式多样、具有本地区特色的…履职活动. A district's
staff add local forms for their own district only; the shared forms are the municipal
office's; each workroom is offered the shared forms and its own district's."""

import pytest
from django.urls import reverse

from scoring.models import ActivityForm
from tests.factories import district

ADD = "/admin/scoring/activityform/add/"


def _add(client, **fields):
    data = {"name": "社区议事厅", "active": "on", "order": "80"} | fields
    return client.post(ADD, data)


def _offered(client, room) -> set[str]:
    response = client.get(reverse("cases:activity_create", args=[room.pk]))
    return {form.name for form in response.context["form"].fields["form"].queryset}


def test_district_staff_add_a_local_form_for_their_district(client, personas):
    client.force_login(personas.yuexiu_staff)

    response = _add(client, district=district("越秀区").pk)

    assert response.status_code == 302
    local = ActivityForm.objects.get(name="社区议事厅")
    assert local.district == district("越秀区") and local.code.startswith("local_")
    assert local.history.get().history_user == personas.yuexiu_staff


def test_the_local_form_is_offered_in_its_district_only(client, personas):
    ActivityForm.objects.create(name="社区议事厅", district=district("越秀区"))

    client.force_login(personas.beijing_clerk)
    assert "社区议事厅" in _offered(client, personas.beijing_room)
    client.force_login(personas.hualin_clerk)
    assert "社区议事厅" not in _offered(client, personas.hualin_room)
    assert "群众评议" in _offered(client, personas.hualin_room)


def test_district_staff_cannot_add_a_form_for_another_district(client, personas):
    client.force_login(personas.yuexiu_staff)

    response = _add(client, district=district("荔湾区").pk)

    assert response.status_code == 200  # the form again, with an error
    assert not ActivityForm.objects.filter(name="社区议事厅").exists()


def test_district_staff_cannot_add_a_shared_form(client, personas):
    client.force_login(personas.yuexiu_staff)

    response = _add(client)

    assert "这个字段是必填项" in response.content.decode()
    assert not ActivityForm.objects.filter(name="社区议事厅").exists()


def test_district_staff_cannot_change_a_shared_form(client, personas):
    shared = ActivityForm.objects.get(code="public_appraisal")
    client.force_login(personas.yuexiu_staff)

    response = client.post(
        f"/admin/scoring/activityform/{shared.pk}/change/",
        {"name": "改名", "active": "on", "order": "40"},
    )

    assert response.status_code == 403
    assert ActivityForm.objects.get(pk=shared.pk).name == "群众评议"


def test_another_districts_local_form_is_not_found(client, personas):
    other = ActivityForm.objects.create(name="荔湾特色活动", district=district("荔湾区"))
    client.force_login(personas.yuexiu_staff)

    assert client.get(f"/admin/scoring/activityform/{other.pk}/change/").status_code == 404
    assert "荔湾特色活动" not in client.get("/admin/scoring/activityform/").content.decode()


@pytest.mark.parametrize("persona", ["beijing_clerk", "economy_staff", "member_user", "nobody"])
def test_other_roles_cannot_add_forms(client, personas, persona):
    client.force_login(getattr(personas, persona))

    response = _add(client, district=district("越秀区").pk)

    assert response.status_code in {302, 403}
    assert not ActivityForm.objects.filter(name="社区议事厅").exists()


def test_anonymous_visitors_are_sent_to_log_in(client, personas):
    assert _add(client).status_code == 302
    assert not ActivityForm.objects.filter(name="社区议事厅").exists()


def test_the_municipal_office_edits_the_shared_forms(client, personas):
    shared = ActivityForm.objects.get(code="public_appraisal")
    client.force_login(personas.city)

    response = client.post(
        f"/admin/scoring/activityform/{shared.pk}/change/",
        {"name": "群众评议会", "active": "on", "order": "40"},
    )

    assert response.status_code == 302
    shared.refresh_from_db()
    assert (shared.name, shared.code, shared.district) == ("群众评议会", "public_appraisal", None)


def test_district_staff_delete_no_form(client, personas):
    local = ActivityForm.objects.create(name="社区议事厅", district=district("越秀区"))
    client.force_login(personas.yuexiu_staff)

    response = client.post(f"/admin/scoring/activityform/{local.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert ActivityForm.objects.filter(pk=local.pk).exists()
