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


@pytest.fixture
def identity_provider(settings):
    """The local stand-in of the unified identity (accounts.mock_oidc) on a free port, and
    the settings that point the platform at it, as an operator would for the real one."""
    from accounts import mock_oidc

    running = mock_oidc.serve()
    settings.OIDC_SIGN_IN = True
    settings.OIDC_ISSUER = running.url
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{running.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{running.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{running.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{running.url}/jwks"
    settings.OIDC_RP_CLIENT_ID = mock_oidc.DEFAULT_CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = mock_oidc.DEFAULT_CLIENT_SECRET
    yield running.provider
    running.stop()
