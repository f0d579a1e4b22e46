"""Duty records are what quotas and points rest on (规范 第十四条; 举措 四（四）): no role deletes
one in the admin, the municipal office and a superuser included. The delete page is
refused, the bulk delete is neither offered nor carried out, and the record stays."""

import pytest
from django.urls import reverse

from scoring.choices import DutyKind
from scoring.models import DutyRecord

from ..factories import UserFactory
from .conftest import record

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:scoring_dutyrecord_changelist")


def everyone(p):
    root = UserFactory(username="root", is_superuser=True)
    return [root, p.city, p.yuexiu_staff, p.economy_staff]


def test_the_delete_page_is_refused_to_every_role(client, personas):
    kept = record(DutyKind.COMMUNITY_ACTIVITY, personas.member)
    url = reverse("admin:scoring_dutyrecord_delete", args=[kept.pk])
    for user in everyone(personas):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
        assert client.post(url, {"post": "yes"}).status_code == 403, user
    assert DutyRecord.objects.filter(pk=kept.pk).exists()


def test_the_bulk_delete_is_not_offered_and_deletes_nothing(client, personas):
    kept = record(DutyKind.COMMUNITY_ACTIVITY, personas.member)
    for user in everyone(personas):
        client.force_login(user)
        assert 'value="delete_selected"' not in client.get(CHANGELIST).content.decode()
        client.post(CHANGELIST, {"action": "delete_selected", "post": "yes",
                                 "_selected_action": [kept.pk]})
    assert DutyRecord.objects.filter(pk=kept.pk).exists()
