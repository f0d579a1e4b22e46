"""规范 第十四条: the workroom's ledger of public visits is kept. No role deletes a case in
the admin, the municipal office and a superuser included: the delete page is refused, the
bulk delete is neither offered nor carried out, and the case stays."""

import pytest
from django.urls import reverse

from cases.models import Case

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:cases_case_changelist")


def everyone(p):
    root = UserFactory(username="root", is_superuser=True)
    return [root, p.city, p.yuexiu_staff, p.beijing_lead, p.beijing_clerk]


def test_the_delete_page_is_refused_to_every_role(client, ledger):
    url = reverse("admin:cases_case_delete", args=[ledger.case.pk])
    for user in everyone(ledger.p):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
        assert client.post(url, {"post": "yes"}).status_code == 403, user
    assert Case.objects.filter(pk=ledger.case.pk).exists()


def test_the_bulk_delete_is_not_offered_and_deletes_nothing(client, ledger):
    for user in everyone(ledger.p):
        client.force_login(user)
        assert 'value="delete_selected"' not in client.get(CHANGELIST).content.decode()
        client.post(CHANGELIST, {"action": "delete_selected", "post": "yes",
                                 "_selected_action": [ledger.case.pk]})
    assert Case.objects.filter(pk=ledger.case.pk).exists()
