"""Behind the reverse proxy the audit trail records the client's address, the same one the
login locks use, not the proxy's."""

import pytest
from django.urls import reverse

from audit.choices import EventKind
from audit.models import AuditEvent

GOOD = "Test-Passw0rd!"
PROXY, CLIENT = "10.0.0.2", "203.0.113.5"


@pytest.mark.django_db
def test_a_login_and_a_failed_one_record_the_client_not_the_proxy(client, personas, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for password in ("wrong-password", GOOD):
        client.post(reverse("login"), {"username": "yuexiu", "password": password},
                    REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {CLIENT}")
    events = AuditEvent.objects.filter(kind__in=[EventKind.LOGIN_FAILED, EventKind.LOGIN])
    assert events.count() == 2
    assert {event.ip_address for event in events} == {CLIENT}
