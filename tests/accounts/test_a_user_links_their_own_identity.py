"""A person signed in with their password links the unified identity they hold to their
account (统一身份绑定), and signs in with it afterwards; one subject, one account."""

import pytest
from django.urls import reverse

from accounts.models import IdentityLink
from audit.choices import EventKind
from audit.models import AuditEvent

from .identity import pick_identity, sign_in

SUBJECT = "gd-4401-0001"


def link_round(client, subject):
    response = client.post(reverse("identity_link_start"))
    assert response.status_code == 302
    from urllib.parse import parse_qs, urlsplit

    query = {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}
    return client.get(pick_identity(response["Location"], query, subject))


def test_a_member_links_their_identity_then_signs_in_with_it(
    client, personas, identity_provider
):
    client.force_login(personas.member_user)
    response = link_round(client, SUBJECT)
    assert response.status_code == 302 and response["Location"] == reverse("identity_link")
    assert IdentityLink.objects.get(user=personas.member_user).subject == SUBJECT
    assert AuditEvent.objects.filter(kind=EventKind.IDENTITY_LINKED).exists()
    assert SUBJECT in client.get(reverse("identity_link")).content.decode()
    client.post(reverse("logout"))
    sign_in(client, SUBJECT)
    assert client.get(reverse("home")).wsgi_request.user == personas.member_user


def test_an_identity_linked_to_someone_else_is_not_linked_again(
    client, personas, identity_provider, settings
):
    IdentityLink.objects.create(
        user=personas.other_member_user, issuer=settings.OIDC_ISSUER, subject=SUBJECT
    )
    client.force_login(personas.member_user)
    response = link_round(client, SUBJECT)
    assert response.status_code == 403 and "已绑定本平台的其他账号" in response.content.decode()
    assert not IdentityLink.objects.filter(user=personas.member_user).exists()
    # and the page that refused did not sign anyone out or in as someone else
    assert client.get(reverse("home")).wsgi_request.user == personas.member_user


def test_a_member_removes_their_link(client, personas, identity_provider, settings):
    IdentityLink.objects.create(
        user=personas.member_user, issuer=settings.OIDC_ISSUER, subject=SUBJECT
    )
    client.force_login(personas.member_user)
    client.post(reverse("identity_unlink"))
    assert not IdentityLink.objects.filter(user=personas.member_user).exists()
    assert AuditEvent.objects.filter(kind=EventKind.IDENTITY_UNLINKED).exists()


@pytest.mark.parametrize("name", ["identity_link_start", "identity_unlink"])
def test_linking_takes_a_signed_in_post(client, personas, identity_provider, name):
    assert client.post(reverse(name)).status_code == 302  # to the login page
    client.force_login(personas.member_user)
    assert client.get(reverse(name)).status_code == 405
