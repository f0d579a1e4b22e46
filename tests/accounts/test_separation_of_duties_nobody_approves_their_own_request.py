"""三员分立: a request is decided by a member of the municipal office who is neither its
requester nor the account it concerns; the user administrator and the auditor decide
nothing. A refused attempt is an audit event (GB/T 22239-2019 三级, 访问控制)."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.choices import RequestStatus, Role
from accounts.models import RoleChangeRequest
from accounts.services import change_request_file
from audit.choices import EventKind
from audit.models import AuditEvent

from .separation import decide

# The clerks asked about here no longer serve a workroom (a serving clerk keeps the role).
pytestmark = pytest.mark.usefixtures("clerks_off_duty")


def filed(user, by, role):
    return change_request_file(change=RoleChangeRequest(user=user, requested_by=by, role=role))


@pytest.mark.django_db
def test_the_requester_cannot_approve_their_own_request(client, personas, second_city):
    request = filed(personas.beijing_clerk, second_city, Role.CITY)
    client.force_login(second_city)
    response = decide(client, "approve", request)
    assert "不能审批自己提交的申请" in response.content.decode()
    request.refresh_from_db()
    personas.beijing_clerk.refresh_from_db()
    assert request.status == RequestStatus.PENDING and personas.beijing_clerk.role == Role.CLERK
    refusal = AuditEvent.objects.get(kind=EventKind.PERMISSION_DENIED)
    assert refusal.user == second_city and refusal.detail["refused"] == "own_request"


@pytest.mark.django_db
def test_nobody_approves_a_change_of_their_own_account(client, personas, second_city):
    request = filed(second_city, personas.useradmin, Role.AUDITOR)
    client.force_login(second_city)
    assert "不能审批涉及自己账号的申请" in decide(client, "approve", request).content.decode()
    second_city.refresh_from_db()
    assert second_city.role == Role.CITY


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["useradmin", "auditor", "yuexiu_staff"])
def test_only_the_municipal_office_decides(client, personas, who):
    request = filed(personas.beijing_clerk, personas.useradmin, Role.CITY)
    client.force_login(getattr(personas, who))
    response = decide(client, "approve", request)
    assert response.status_code in {200, 403}
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


@pytest.mark.django_db
def test_the_database_refuses_a_self_decided_request(personas):
    request = filed(personas.beijing_clerk, personas.useradmin, Role.CITY)
    request.status, request.decided_at = RequestStatus.APPROVED, timezone.now()
    request.decided_by = personas.useradmin
    with pytest.raises(IntegrityError), transaction.atomic():
        request.save()
