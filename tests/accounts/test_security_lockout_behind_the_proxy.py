"""Behind the README's TLS proxy every request comes from the proxy's address: the lock by
address must fall on the real client, read from X-Forwarded-For (TRUSTED_PROXY_COUNT), or one
visitor's wrong passwords lock everyone out."""

import pytest
from django.urls import reverse

GOOD = "Test-Passw0rd!"
PROXY = "10.0.0.2"  # every request reaches the app from the proxy
ATTACKER, COLLEAGUE = "203.0.113.5", "198.51.100.7"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def login(client, username, password, forwarded_for, remote=PROXY):
    return client.post(
        reverse("login"), {"username": username, "password": password},
        REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def lock_the_attackers_address(client, remote=PROXY):
    """Five wrong passwords for five different accounts: only the address can be locked."""
    for username in ("nobody", "tianhe", "agri", "economy", "member2"):
        login(client, username, "wrong-password", ATTACKER, remote)


@pytest.mark.django_db
def test_a_locked_visitor_does_not_lock_another_one_behind_the_same_proxy(
    client, personas, behind_one_proxy
):
    lock_the_attackers_address(client)
    assert login(client, "liwan", GOOD, ATTACKER).status_code == 429
    assert login(client, "liwan", GOOD, COLLEAGUE).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("spoofed", ["192.0.2.99", "198.51.100.7", "127.0.0.1", "not-an-ip"])
def test_a_forged_left_most_entry_does_not_escape_the_lock(
    client, personas, behind_one_proxy, spoofed
):
    """The proxy appends the address it saw; what the client wrote before it is ignored."""
    lock_the_attackers_address(client)
    response = login(client, "liwan", GOOD, f"{spoofed}, {ATTACKER}")
    assert response.status_code == 429 and "账号已锁定" in response.content.decode()


@pytest.mark.django_db
def test_without_a_proxy_x_forwarded_for_is_not_believed(client, personas):
    """TRUSTED_PROXY_COUNT = 0 (the default, no proxy): the header is the client's own word."""
    lock_the_attackers_address(client, remote=ATTACKER)
    assert login(client, "liwan", GOOD, COLLEAGUE, remote=ATTACKER).status_code == 429
