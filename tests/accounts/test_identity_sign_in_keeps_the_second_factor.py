"""After a sign-in through the unified identity the second factor still applies, unless the
provider vouches for an assurance level (acr) the operator lists in OIDC_ACR_SUFFICIENT."""

import pytest
from django.urls import reverse

from accounts.models import IdentityLink

from .identity import sign_in

SUBJECT = "gd-4401-0002"


@pytest.fixture
def linked_city(personas, identity_provider, settings):
    settings.OTP_REQUIRED_ROLES = ("city", "district", "useradmin", "auditor")
    IdentityLink.objects.create(user=personas.city, issuer=settings.OIDC_ISSUER, subject=SUBJECT)
    return personas.city


def test_municipal_staff_signed_in_by_identity_still_set_up_a_code(client, linked_city):
    assert sign_in(client, SUBJECT, acr="loa3").status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_setup"))


def test_a_listed_assurance_level_stands_for_the_second_factor(client, linked_city, settings):
    settings.OIDC_ACR_SUFFICIENT = ["loa3"]
    assert sign_in(client, SUBJECT, acr="loa3").status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_lower_assurance_level_than_listed_still_asks_for_the_code(client, linked_city, settings):
    settings.OIDC_ACR_SUFFICIENT = ["loa3"]
    assert sign_in(client, SUBJECT, acr="loa2").status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_setup"))
