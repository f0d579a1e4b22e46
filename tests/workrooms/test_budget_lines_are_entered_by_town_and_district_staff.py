"""规范 第十六条: a workroom's working funds are in its town/street's yearly budget. Town/street
and district staff enter one line per workroom and year (amount, the town/street whose
budget holds it, a note) in the admin, within their own scope; every change is kept."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from workrooms.models import WorkroomBudget

from ..factories import town


def line(room, **fields):
    data = {"workroom": room, "year": 2026, "amount": Decimal("50000"),
            "town": room.town, "note": "含场地布置和资料印制", **fields}
    return WorkroomBudget.objects.create(**data)


def post_add(client, user, room, **fields):
    client.force_login(user)
    data = {"workroom": room.pk, "year": 2026, "amount": "36000.00", "town": room.town_id,
            "note": "", **fields}
    return client.post(reverse("admin:workrooms_workroombudget_add"), data)


@pytest.mark.parametrize("who", ["beijing_lead", "yuexiu_staff"])
def test_the_town_and_the_district_enter_a_line_for_their_workroom(client, personas, who):
    response = post_add(client, getattr(personas, who), personas.beijing_room)

    assert response.status_code == 302, response.content.decode()[:2000]
    budget = WorkroomBudget.objects.get()
    assert (budget.workroom, budget.amount, budget.town.name) == (
        personas.beijing_room, Decimal("36000.00"), "北京街道")
    assert budget.history.get().history_user == getattr(personas, who)


@pytest.mark.parametrize("who", ["beijing_lead", "yuexiu_staff"])
def test_a_workroom_outside_ones_scope_cannot_be_chosen(client, personas, who):
    response = post_add(client, getattr(personas, who), personas.hualin_room)

    assert response.status_code == 200
    assert not WorkroomBudget.objects.exists()


@pytest.mark.parametrize("who", ["liwan_staff", "tianhe_staff"])
def test_another_districts_line_is_not_found(client, personas, who):
    budget = line(personas.beijing_room)
    client.force_login(getattr(personas, who))
    url = reverse("admin:workrooms_workroombudget_change", args=[budget.pk])

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["beijing_clerk", "economy_staff"])
def test_other_roles_do_not_edit_budgets(client, personas, who):
    client.force_login(getattr(personas, who))

    assert client.get(reverse("admin:workrooms_workroombudget_add")).status_code == 403


def test_one_line_per_workroom_and_year_and_a_town_of_its_district(personas):
    line(personas.beijing_room)

    with pytest.raises(ValidationError) as twice:
        WorkroomBudget(workroom=personas.beijing_room, year=2026, amount=1,
                       town=personas.beijing_room.town).full_clean()
    assert "已有经费预算" in str(twice.value)
    with pytest.raises(ValidationError) as elsewhere:
        WorkroomBudget(workroom=personas.beijing_room, year=2027, amount=1,
                       town=town("华林街道")).full_clean()
    assert "须与工作室在同一区" in str(elsewhere.value)
