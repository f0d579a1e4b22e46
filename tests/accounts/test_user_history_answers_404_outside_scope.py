"""The history of an account is read only by who manages it: the municipal office reads no
other account's history (the user administrator's, the auditor's, anyone's), and the user
administrator not the auditor's. simple-history's pages fall back to the history of any id;
here they answer 404 for an id outside the scope whether it exists or not (ids do not
leak), and nobody reverts an account to an earlier version."""

import pytest
from django.urls import reverse

NO_SUCH_ID = 987654


def history_urls(user_id, version_id):
    return [reverse("admin:accounts_user_history", args=[user_id]),
            reverse("admin:accounts_user_simple_history", args=[user_id, version_id])]


def latest_version(user):
    return user.history.order_by("-history_id").first().history_id


@pytest.mark.django_db
@pytest.mark.parametrize("whose", ["useradmin", "auditor", "beijing_clerk"])
def test_the_municipal_office_reads_no_other_accounts_history(client, personas, whose):
    user = getattr(personas, whose)
    client.force_login(personas.city)
    for url in history_urls(user.pk, latest_version(user)) + history_urls(NO_SUCH_ID, 1):
        response = client.get(url)
        assert response.status_code == 404, url
        assert user.username not in response.content.decode()


@pytest.mark.django_db
def test_the_user_administrator_reads_no_history_of_the_auditor(client, personas):
    auditor = personas.auditor
    client.force_login(personas.useradmin)
    for url in history_urls(auditor.pk, latest_version(auditor)):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_the_user_administrator_reads_a_clerks_history_but_reverts_nothing(client, personas):
    clerk = personas.beijing_clerk
    client.force_login(personas.useradmin)
    version = latest_version(clerk)
    for url in history_urls(clerk.pk, version):
        assert client.get(url).status_code == 200, url
    revert = reverse("admin:accounts_user_simple_history", args=[clerk.pk, version])
    assert client.post(revert, {"username": "beijing_clerk", "role": "city"}).status_code == 405
    clerk.refresh_from_db()
    assert clerk.role == "clerk"
