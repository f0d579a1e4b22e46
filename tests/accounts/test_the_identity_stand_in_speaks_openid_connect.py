"""The unified identity's local stand-in (accounts.mock_oidc) holds to the protocol the real
provider does, so that what passes against it is what the real one asks: discovery, a code
used once, the client's secret, PKCE, RS256 tokens verifiable with its JWKS."""

import base64
import hashlib

import jwt
import pytest
import requests

from accounts import mock_oidc

REDIRECT = "http://127.0.0.1:8000/login/identity/callback/"
VERIFIER = "v" * 50


@pytest.fixture
def provider():
    running = mock_oidc.serve()
    yield running
    running.stop()


def a_code(provider, **extra) -> str:
    challenge = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest())
    query = {
        "client_id": mock_oidc.DEFAULT_CLIENT_ID, "response_type": "code", "scope": "openid",
        "redirect_uri": REDIRECT, "state": "s", "nonce": "n",
        "code_challenge": challenge.rstrip(b"=").decode(), "code_challenge_method": "S256",
        **extra,
    }
    answer = requests.post(f"{provider.url}/authorize", data={**query, "sub": "gd-1"},
                           allow_redirects=False, timeout=10)
    return answer.headers["Location"].split("code=")[1].split("&")[0]


def exchange(provider, code, **extra):
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
            "client_id": mock_oidc.DEFAULT_CLIENT_ID,
            "client_secret": mock_oidc.DEFAULT_CLIENT_SECRET, "code_verifier": VERIFIER,
            **extra}
    return requests.post(f"{provider.url}/token", data=data, timeout=10)


def test_discovery_names_the_endpoints_and_rs256(provider):
    config = requests.get(f"{provider.url}/.well-known/openid-configuration", timeout=10).json()
    assert config["issuer"] == provider.url
    assert config["jwks_uri"] == f"{provider.url}/jwks"
    assert config["id_token_signing_alg_values_supported"] == ["RS256"]


def test_a_code_gives_an_id_token_verifiable_with_the_published_key(provider):
    tokens = exchange(provider, a_code(provider)).json()
    key = jwt.PyJWK(requests.get(f"{provider.url}/jwks", timeout=10).json()["keys"][0])
    claims = jwt.decode(tokens["id_token"], key, algorithms=["RS256"],
                        audience=mock_oidc.DEFAULT_CLIENT_ID, issuer=provider.url)
    assert claims["sub"] == "gd-1" and claims["nonce"] == "n"
    info = requests.get(f"{provider.url}/userinfo", timeout=10,
                        headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert info.json()["sub"] == "gd-1"


def test_a_code_is_used_once(provider):
    code = a_code(provider)
    assert exchange(provider, code).status_code == 200
    assert exchange(provider, code).json()["error"] == "invalid_grant"


@pytest.mark.parametrize(("change", "error"), [
    ({"client_secret": "guess"}, "invalid_client"),
    ({"code_verifier": "w" * 50}, "invalid_grant"),
    ({"redirect_uri": "http://evil.example/cb"}, "invalid_grant"),
])
def test_the_token_endpoint_refuses_a_wrong_secret_verifier_or_redirect(provider, change, error):
    assert exchange(provider, a_code(provider), **change).json()["error"] == error


def test_an_unregistered_client_gets_a_chinese_refusal_page(provider):
    page = requests.get(f"{provider.url}/authorize", params={"client_id": "x"}, timeout=10)
    assert page.status_code == 400 and "未登记的应用" in page.text
