"""Walking the code flow with Django's test client and the stand-in provider."""

from urllib.parse import parse_qs, urlsplit

import requests
from django.urls import reverse


def to_provider(client, next_url: str = ""):
    """The platform's redirect to the provider's /authorize, and its query."""
    url = reverse("oidc_start") + (f"?next={next_url}" if next_url else "")
    response = client.get(url)
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    return location, {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def pick_identity(authorize_url: str, query: dict, subject: str, *, acr: str = "loa2") -> str:
    """What the person does on the provider's page: the callback URL it sends them back to."""
    base = authorize_url.split("?")[0]
    answer = requests.post(base, data={**query, "sub": subject, "acr": acr},
                           allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["Location"])
    return f"{location.path}?{location.query}"


def sign_in(client, subject: str, *, acr: str = "loa2", next_url: str = ""):
    """The whole round: the platform's answer to the callback."""
    authorize_url, query = to_provider(client, next_url)
    return client.get(pick_identity(authorize_url, query, subject, acr=acr))
