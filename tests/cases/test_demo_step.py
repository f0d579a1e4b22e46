"""The demo gives the demo clerk's workrooms activities and cases over every route and
state of 规范 第十三条, a 规范 第十一条 refusal, overdue steps and a 集中反映."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cases.choices import CaseState, Route
from cases.models import Activity, Case, Cluster

pytestmark = pytest.mark.django_db


def test_the_demo_step_covers_every_state_and_route():
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=out)
    assert "诉求" in out.getvalue()
    assert set(Case.objects.values_list("state", flat=True)) == set(CaseState.values)
    assert set(Case.objects.values_list("route", flat=True)) == set(Route.values) | {""}
    assert Case.objects.overdue(timezone.localdate()).exists()
    assert Cluster.objects.exists()
    assert Activity.objects.filter(status="draft").exists()
    assert Case.objects.filter(route=Route.MEMBER, state=CaseState.CLOSED,
                               duty_record__isnull=False).exists()
