"""The demo's passwords are public: `load_demo` refuses a server with DEBUG off."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from members.models import Member


@pytest.mark.django_db
def test_demo_refuses_to_load_when_debug_is_off():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())
    assert not Member.objects.exists()

