"""Signing in through the province's unified identity (统一身份认证, OpenID Connect) against
the local stand-in provider (accounts.mock_oidc), spoken to over HTTP as the real one."""

import time

import pytest
from django.urls import reverse

from accounts.models import IdentityLink, User
from audit.choices import EventKind
from audit.models import AuditEvent

from .identity import pick_identity, sign_in, to_provider

SUBJECT = "gd-4401-0001"


@pytest.fixture
def linked_member(personas, identity_provider, settings):
    IdentityLink.objects.create(
        user=personas.member_user, issuer=settings.OIDC_ISSUER, subject=SUBJECT
    )
    return personas.member_user


def signed_in_as(client):
    return client.get(reverse("home")).wsgi_request.user


def refusals(reason):
    return AuditEvent.objects.filter(kind=EventKind.IDENTITY_REFUSED, detail__reason=reason)


def test_a_linked_identity_signs_in_to_its_account(client, linked_member):
    response = sign_in(client, SUBJECT)
    assert response.status_code == 302
    assert signed_in_as(client) == linked_member
    assert AuditEvent.objects.filter(kind=EventKind.LOGIN, user=linked_member).exists()
    assert IdentityLink.objects.get(user=linked_member).last_used_at is not None


def test_the_person_returns_to_the_page_they_asked_for(client, linked_member):
    response = sign_in(client, SUBJECT, next_url="/duty/me/")
    assert response["Location"] == "/duty/me/"


def test_an_unknown_subject_is_refused_in_chinese_audited_and_given_no_account(
    client, linked_member
):
    users = User.objects.count()
    response = sign_in(client, "gd-4401-9999")
    assert response.status_code == 403
    page = response.content.decode()
    assert "尚未绑定本平台的账号" in page and "gd-4401-9999" in page
    assert not signed_in_as(client).is_authenticated
    assert User.objects.count() == users
    assert refusals("unknown_subject").filter(detail__subject="gd-4401-9999").exists()


def test_a_token_with_another_nonce_is_refused(client, linked_member, identity_provider):
    identity_provider.override = {"nonce": "forged-nonce"}
    response = sign_in(client, SUBJECT)
    assert response.status_code == 403 and "凭证无效或已过期" in response.content.decode()
    assert not signed_in_as(client).is_authenticated
    assert refusals("token").exists()


def test_an_expired_token_is_refused(client, linked_member, identity_provider):
    now = int(time.time())
    identity_provider.override = {"iat": now - 900, "exp": now - 600}
    response = sign_in(client, SUBJECT)
    assert response.status_code == 403 and "凭证无效或已过期" in response.content.decode()
    assert not signed_in_as(client).is_authenticated


def test_a_token_signed_with_a_key_the_provider_does_not_publish_is_refused(
    client, linked_member, identity_provider
):
    identity_provider.foreign_key = True
    response = sign_in(client, SUBJECT)
    assert response.status_code == 403
    assert not signed_in_as(client).is_authenticated


@pytest.mark.parametrize("claims", [
    {"aud": "another-platform"}, {"iss": "http://127.0.0.1:1"}, {"exp": None},
])
def test_a_token_for_another_platform_or_from_another_issuer_is_refused(
    client, linked_member, identity_provider, claims
):
    identity_provider.override = {k: v for k, v in claims.items() if v is not None}
    if claims.get("exp", 0) is None:
        identity_provider.override = {"exp": None}
    response = sign_in(client, SUBJECT)
    assert response.status_code == 403
    assert not signed_in_as(client).is_authenticated


def test_a_state_this_browser_was_not_given_is_refused(client, linked_member):
    authorize_url, query = to_provider(client)
    callback = pick_identity(authorize_url, {**query, "state": "made-up-state"}, SUBJECT)
    response = client.get(callback)
    assert response.status_code == 400
    assert "请求已失效" in response.content.decode()
    assert not signed_in_as(client).is_authenticated
    assert refusals("state").exists()


def test_a_callback_used_twice_signs_in_only_once(client, linked_member):
    authorize_url, query = to_provider(client)
    callback = pick_identity(authorize_url, query, SUBJECT)
    assert client.get(callback).status_code == 302
    client.post(reverse("logout"))
    response = client.get(callback)
    assert response.status_code in (400, 403)
    assert not signed_in_as(client).is_authenticated


def test_a_callback_without_a_code_or_with_an_error_gets_a_chinese_page(client, linked_member):
    assert client.get(reverse("oidc_callback")).status_code == 400
    response = client.get(reverse("oidc_callback"), {"error": "access_denied", "state": "x"})
    assert response.status_code == 403 and "没有完成认证" in response.content.decode()


def test_a_provider_out_of_reach_gets_a_chinese_page(client, linked_member, settings):
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"  # nothing listens there
    response = sign_in(client, SUBJECT)
    assert response.status_code == 403 and "暂时无法连接" in response.content.decode()


def test_an_account_switched_off_cannot_sign_in_with_its_identity(client, linked_member):
    User.objects.filter(pk=linked_member.pk).update(is_active=False)
    response = sign_in(client, SUBJECT)
    assert response.status_code == 403 and "已停用" in response.content.decode()
