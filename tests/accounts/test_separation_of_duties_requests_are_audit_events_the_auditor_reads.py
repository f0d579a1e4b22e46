"""三员分立: filing, approving and refusing a request are events of the audit trail, which
the auditor reads (GB/T 22239-2019 三级, 安全审计); the auditor also reads the requests
themselves, and decides none."""

import pytest
from django.urls import reverse

from accounts.choices import RequestStatus, Role
from accounts.models import RoleChangeRequest

from .separation import decide, user_form

# The clerks asked about here no longer serve a workroom (a serving clerk keeps the role).
pytestmark = pytest.mark.usefixtures("clerks_off_duty")


@pytest.mark.django_db
def test_the_auditor_finds_request_approval_and_refusal_in_the_trail(
    client, personas, second_city
):
    client.force_login(personas.useradmin)
    for who, role in (("beijing_clerk", Role.CITY), ("hualin_clerk", Role.AUDITOR)):
        user = getattr(personas, who)
        client.post(reverse("admin:accounts_user_change", args=[user.pk]),
                    user_form(user, role=role))
    to_city, to_auditor = RoleChangeRequest.objects.order_by("pk")
    client.force_login(second_city)
    decide(client, "approve", to_city)
    decide(client, "refuse", to_auditor, note="不符合三员分立")

    client.force_login(personas.auditor)
    for kind, label in (("privilege_requested", "提交特权变更申请"),
                        ("privilege_approved", "批准特权变更申请"),
                        ("privilege_refused", "拒绝特权变更申请")):
        page = client.get(reverse("audit:events"), {"kind": kind})
        assert page.status_code == 200
        events = list(page.context["page"])
        assert events and all(e.get_kind_display() == label for e in events), kind
    approved = client.get(reverse("audit:events"), {"kind": "privilege_approved"})
    assert approved.context["page"][0].username == "city2"
    assert "beijing_clerk" in approved.content.decode()


@pytest.mark.django_db
def test_the_auditor_reads_the_requests_but_decides_none(client, personas):
    client.force_login(personas.useradmin)
    clerk = personas.beijing_clerk
    client.post(reverse("admin:accounts_user_change", args=[clerk.pk]),
                user_form(clerk, role=Role.CITY))
    request = RoleChangeRequest.objects.get()
    client.force_login(personas.auditor)
    listing = client.get(reverse("admin:accounts_rolechangerequest_changelist"))
    assert listing.status_code == 200 and request in listing.context["cl"].result_list
    assert "批准所选申请" not in listing.content.decode()
    decide(client, "approve", request)
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
