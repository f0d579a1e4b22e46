"""The auditor reads each event in Chinese: the kind of record by its name (工作室, not
workrooms.workroom) and the details by theirs (请求方式：读取, not {'method': 'GET'}), on
/audit/, in the admin and in the Excel export alike."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.choices import EventKind
from audit.models import AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(personas):
    return audit_record(kind=EventKind.EXPORT, user=personas.liwan_staff,
                        obj=personas.hualin_room,
                        detail={"method": "GET", "model": "members.member", "dry_run": False})


SHOWN = "请求方式：读取；记录类型：委员；仅检查：否"


def test_the_events_page_reads_in_chinese(client, personas, event):
    client.force_login(personas.auditor)
    page = client.get(reverse("audit:events")).content.decode()
    page = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]  # the events
    assert SHOWN in page and "工作室 #" in page
    for english in ("method", "GET", "members.member", "workrooms.workroom", "False"):
        assert english not in page


def test_the_admin_reads_the_same(client, personas, event):
    client.force_login(personas.auditor)
    page = client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).content
    assert SHOWN in page.decode() and "workrooms.workroom" not in page.decode()


def test_the_export_reads_the_same(client, personas, event):
    client.force_login(personas.auditor)
    data = client.get(reverse("audit:events_export")).content
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert SHOWN in cells and "工作室" in cells
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT).count() == 2  # it is recorded
