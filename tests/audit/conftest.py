import pytest
from django.core.management import call_command
from django.db import connection

from audit.triggers import guard_install, guard_remove


@pytest.fixture
def empty_database(transactional_db):
    """Empty every table, as on a new server's database. The audit trail's guard is lifted
    for that alone: nothing in the product can empty the trail."""

    def empty():
        guard_remove(connection)
        try:
            call_command("flush", interactive=False, verbosity=0)
        finally:
            guard_install(connection)

    return empty
