"""Fixtures of the accounts tests."""

import pytest

from accounts.choices import Role

from ..factories import UserFactory


@pytest.fixture
def second_city(personas):
    """Another member of the municipal office: the second person who approves."""
    return UserFactory(username="city2", role=Role.CITY, display_name="市政协办公厅二")


@pytest.fixture
def clerks_off_duty(personas):
    """The personas' clerks have handed their workrooms over: a serving clerk's role cannot
    change (workrooms: a workroom's clerk is a clerk of its own town)."""
    from workrooms.models import Workroom

    Workroom.objects.filter(clerk__in=[personas.beijing_clerk, personas.hualin_clerk]).update(
        clerk=None
    )
