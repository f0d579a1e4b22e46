"""`check --deploy` fails wherever login locks are off or sessions outlive 8 hours, whatever
settings module sets them (production.py refuses them at start-up too), and warns behind a
proxy whose clients would all share its address."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def check_deploy():
    call_command("check", "--deploy", "--tag", "security")


def test_the_settings_as_they_are_pass():
    check_deploy()


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [("AXES_ENABLED", False, "accounts.E001"), ("SESSION_COOKIE_AGE", 86400, "accounts.E002")],
)
def test_check_deploy_fails(settings, name, value, code):
    setattr(settings, name, value)
    with pytest.raises(SystemCheckError, match=code):
        check_deploy()


def test_behind_a_proxy_without_trusted_proxies_it_warns(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 0
    with pytest.raises(SystemCheckError, match="accounts.W001"):
        call_command("check", "--deploy", "--tag", "security", "--fail-level", "WARNING")
