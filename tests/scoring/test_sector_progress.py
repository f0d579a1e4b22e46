"""举措 三（三）: each sector ≥1 collective study, research, proposal and report a year; the
convener and staff follow it."""

import datetime as dt

import pytest
from django.urls import reverse

from members.models import Sector
from scoring.choices import SectorActivityKind
from scoring.models import SectorActivity
from scoring.quotas import sector_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def economy(personas):
    sector = Sector.objects.get(name="经济界")
    sector.convener = personas.member
    sector.save()
    return sector


def _activity(sector, kind, date=dt.date(2026, 4, 1)):
    return SectorActivity.objects.create(sector=sector, kind=kind, date=date, title=f"{kind}活动")


def test_a_sector_is_behind_until_it_has_each_kind_in_the_year(economy):
    for kind in SectorActivityKind.values[:-1]:
        _activity(economy, kind)
    _activity(economy, SectorActivityKind.SOCIAL_REPORT, date=dt.date(2025, 12, 31))
    row = sector_status(sectors=Sector.objects.filter(pk=economy.pk), year=2026)[0]
    assert row.behind and row.missing == ["社情民意信息"]
    _activity(economy, SectorActivityKind.SOCIAL_REPORT)
    assert not sector_status(sectors=Sector.objects.filter(pk=economy.pk), year=2026)[0].behind


def test_the_convener_sees_their_sector_and_its_activities(client, personas, economy):
    _activity(economy, SectorActivityKind.STUDY)
    client.force_login(personas.member_user)
    response = client.get(reverse("scoring:sectors"), {"year": 2026})
    assert [row.sector for row in response.context["rows"]] == [economy]
    assert "study活动" in response.content.decode()


def test_a_member_who_convenes_no_sector_gets_404(client, personas, economy):
    client.force_login(personas.other_member_user)
    assert client.get(reverse("scoring:sectors")).status_code == 404


def test_staff_see_every_sector(client, personas, economy):
    client.force_login(personas.economy_staff)
    response = client.get(reverse("scoring:sectors"), {"year": 2026, "sector": economy.pk})
    assert len(response.context["rows"]) == Sector.objects.count()
    assert response.context["chosen"] == economy


def test_the_member_page_links_a_convener_to_their_sector(client, personas, economy):
    client.force_login(personas.member_user)
    page = client.get(reverse("scoring:me")).content.decode()
    assert reverse("scoring:sectors") in page
