"""Fixtures of the accounts tests."""

import pytest

from accounts.choices import Role

from ..factories import UserFactory


@pytest.fixture
def second_city(personas):
    """Another member of the municipal office: the second person who approves."""
    return UserFactory(username="city2", role=Role.CITY, display_name="市政协办公厅二")
