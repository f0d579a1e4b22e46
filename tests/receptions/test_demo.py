"""The demo step plans the current and next year for the demo workrooms (load_demo)."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from receptions.models import Reception
from workrooms.models import Workroom


def test_the_demo_plans_next_year_for_every_demo_workroom_with_members_on_duty(db, today):
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=out)

    next_year = Reception.objects.in_year(today.year + 1)
    assert set(next_year.values_list("workroom", flat=True)) == set(
        Workroom.objects.active().values_list("pk", flat=True)
    )
    assert not next_year.filter(members=None).exists()
    assert "2027年接待计划" in out.getvalue()
    assert "2027年的法定节假日和调休安排尚未录入" in out.getvalue()
