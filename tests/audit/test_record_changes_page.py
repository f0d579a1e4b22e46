"""Every change to a record, with who, when, before and after, is readable by the
auditor. The values come from each model's simple-history table."""

import pytest
from django.urls import reverse

from audit.services import record_changes, tracked_models


def test_the_main_models_are_tracked(db):
    labels = {model._meta.label_lower for model in tracked_models()}
    assert {"members.member", "workrooms.workroom", "accounts.user"} <= labels


@pytest.mark.django_db
def test_a_change_in_the_admin_shows_before_and_after_and_who(client, personas):
    room = personas.beijing_room
    old_address = room.address
    client.force_login(personas.city)
    edit = reverse("admin:workrooms_workroom_change", args=[room.pk])
    form = client.get(edit).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["address"] = "广州市越秀区新地址8号"
    assert client.post(edit, data).status_code == 302, "the admin refused the form"

    client.force_login(personas.auditor)
    response = client.get(reverse("audit:changes"), {"model": "workrooms.workroom"})
    change = response.context["changes"][0]
    assert change.username == "city" and change.action == "修改"
    assert ("地址", old_address, "广州市越秀区新地址8号") in change.changes
    assert "广州市越秀区新地址8号" in response.content.decode()


@pytest.mark.django_db
def test_phone_numbers_stay_masked_in_the_change_list(personas):
    member = personas.member
    member.phone = "13912345678"
    member.save()
    change = next(c for c in record_changes(model_label="members.member")
                  if c.action == "修改")
    shown = dict((label, (old, new)) for label, old, new in change.changes)
    assert any(new == "139****5678" for _old, new in shown.values())
    assert "13912345678" not in str(change.changes)
