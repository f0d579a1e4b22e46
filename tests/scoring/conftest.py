"""Builders for duty records, quotas and members used across the scoring tests."""

import datetime as dt

import pytest

from members.choices import Level
from members.models import Sector
from scoring.choices import DutyKind, RecordSource
from scoring.services import duty_record_create

from ..factories import MemberFactory, committee, district

YEAR = 2026  # the seeded rules cover 2026 and 2027


def record(kind, *members, date=dt.date(YEAR, 5, 15), confirmed=True, title="履职事项"):
    return duty_record_create(
        kind=kind, members=members, date=date, title=title, source=RecordSource.MANUAL,
        confirmed=confirmed,
    )


def city_member(**kwargs):
    kwargs.setdefault("committee", committee("经济委员会"))
    return MemberFactory(level=Level.CITY, district=district("越秀区"), **kwargs)


def exempt_sector() -> Sector:
    return Sector.objects.get(name="特邀香港人士")


def full_year(member, *, standing=False):
    """Confirmed records meeting every seeded quota of a city member."""
    for kind in (DutyKind.PROPOSAL, DutyKind.SOCIAL_REPORT, DutyKind.COMMITTEE_RESEARCH,
                 DutyKind.GRASSROOTS):
        record(kind, member)
    record(DutyKind.COMMUNITY_ACTIVITY, member, date=dt.date(YEAR, 3, 16))
    record(DutyKind.COMMUNITY_ACTIVITY, member, date=dt.date(YEAR, 5, 15))
    if standing:
        record(DutyKind.STANDING_DELIBERATION, member)
    from ..factories import ConstituentFactory

    for _ in range(3):
        ConstituentFactory(member=member)


@pytest.fixture
def year():
    return YEAR
