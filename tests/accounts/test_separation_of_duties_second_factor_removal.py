"""A lost phone: the user administrator removes the device and its owner sets up a new one
at the next sign-in. A privileged account's device is removed only when a second person
of the municipal office approves (三员分立); each removal is an audit event and its owner
is told (GB/T 22239-2019 三级, 身份鉴别 and 安全审计)."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import RequestKind, RequestStatus
from accounts.models import RoleChangeRequest
from audit.choices import EventKind
from audit.models import AuditEvent

from .separation import decide, told


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["delete_page", "list_action"])
def test_removing_district_staffs_device_waits_for_approval(
    client, personas, second_city, how, django_capture_on_commit_callbacks
):
    staff = personas.yuexiu_staff
    device = TOTPDevice.objects.create(user=staff, name="手机", confirmed=True)
    client.force_login(personas.useradmin)
    if how == "delete_page":
        client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    else:
        client.post(reverse("admin:otp_totp_totpdevice_changelist"), {
            "action": "remove_devices", "_selected_action": [device.pk], "index": "0"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    request = RoleChangeRequest.objects.get(user=staff, kind=RequestKind.REMOVE_OTP)

    client.force_login(second_city)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, "approve", request)
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert not TOTPDevice.objects.filter(user=staff).exists()
    removed = AuditEvent.objects.get(kind=EventKind.OTP_REMOVED)
    assert removed.user == second_city and removed.object_id == str(staff.pk)
    assert "您的动态口令设备已被删除" in told(staff)


@pytest.mark.django_db
def test_a_clerks_device_is_removed_at_once_recorded_and_its_owner_told(
    client, personas, django_capture_on_commit_callbacks
):
    clerk = personas.beijing_clerk
    clerk.phone = "13800138000"
    clerk.save()
    device = TOTPDevice.objects.create(user=clerk, name="手机", confirmed=True)
    client.force_login(personas.useradmin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert not RoleChangeRequest.objects.exists()
    assert AuditEvent.objects.get(kind=EventKind.OTP_REMOVED).user == personas.useradmin
    assert told(clerk) == told(clerk, "sms") == ["您的动态口令设备已被删除"]


@pytest.mark.django_db
def test_nobody_adds_or_edits_a_device_in_the_admin(client, personas):
    device = TOTPDevice.objects.create(user=personas.beijing_clerk, name="手机", confirmed=True)
    client.force_login(personas.useradmin)
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    url = reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    client.post(url, {"name": "改", "confirmed": ""})
    device.refresh_from_db()
    assert device.name == "手机" and device.confirmed
