"""履职统计: each staff role sees its own members, on the page and in the export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.choices import Level

from ..factories import MemberFactory, committee, district

pytestmark = pytest.mark.django_db


@pytest.fixture
def agri_member(personas):
    return MemberFactory(
        name="农委委员", level=Level.CITY, district=district("天河区"),
        committee=committee("农业和农村委员会"),
    )


def _names_on_page(client):
    response = client.get(reverse("scoring:table"), {"year": 2026})
    assert response.status_code == 200
    return {row.member.name for row in response.context["page"]}


def _names_in_export(client):
    response = client.get(reverse("scoring:table"), {"year": 2026, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize("persona,expected", [
    ("economy_staff", {"陈明"}),
    ("agri_staff", {"农委委员"}),
    ("yuexiu_staff", {"陈明"}),
    ("liwan_staff", {"李华"}),
    ("tianhe_staff", {"农委委员"}),
    ("city", {"陈明", "李华", "农委委员"}),
])
def test_each_staff_role_sees_only_its_members_in_the_table_and_the_export(
    client, personas, agri_member, persona, expected
):
    client.force_login(getattr(personas, persona))
    assert _names_on_page(client) == expected
    assert _names_in_export(client) == expected


def test_filtering_by_another_committee_does_not_widen_the_scope(client, personas, agri_member):
    client.force_login(personas.economy_staff)
    response = client.get(
        reverse("scoring:table"), {"committee": agri_member.committee_id, "year": 2026}
    )
    assert [row.member.name for row in response.context["page"]] == []
