"""The auditor searches the trail by user, kind, dates and object, and exports it to
Excel; the export is itself recorded."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.choices import EventKind
from audit.models import AuditEvent
from audit.services import audit_record

from ..factories import audit_event_aged


@pytest.fixture
def trail(personas):
    audit_event_aged(40, kind=EventKind.LOGIN, user=personas.city)
    audit_record(kind=EventKind.LOGIN_FAILED, username="yuexiu")
    audit_record(kind=EventKind.EXPORT, user=personas.liwan_staff, obj=personas.hualin_room,
                 detail={"name": "工作室.xlsx"})
    return personas


def listed(client, **query):
    response = client.get(reverse("audit:events"), query)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


@pytest.mark.django_db
def test_search_by_user(client, trail):
    client.force_login(trail.auditor)
    assert [e.kind for e in listed(client, username="yuexiu")] == [EventKind.LOGIN_FAILED]


@pytest.mark.django_db
def test_search_by_kind(client, trail):
    client.force_login(trail.auditor)
    assert [e.username for e in listed(client, kind="export")] == ["liwan"]


@pytest.mark.django_db
def test_search_by_date_range(client, trail):
    client.force_login(trail.auditor)
    today = timezone.localdate()
    recent = listed(client, date_from=(today - timedelta(days=7)).isoformat(),
                    date_to=today.isoformat())
    # The auditor's own login (force_login) is in the trail too.
    assert {e.username for e in recent} == {"yuexiu", "liwan", "auditor"}
    old = listed(client, date_to=(today - timedelta(days=30)).isoformat())
    assert [e.username for e in old] == ["city"]


@pytest.mark.django_db
def test_search_by_object(client, trail):
    client.force_login(trail.auditor)
    found = listed(client, object_text="华林街")
    assert [e.object_type for e in found] == ["workrooms.workroom"]


@pytest.mark.django_db
def test_a_bad_date_range_gets_a_chinese_message(client, trail):
    client.force_login(trail.auditor)
    response = client.get(reverse("audit:events"), {"date_from": "2026-05-01",
                                                    "date_to": "2026-04-01"})
    assert "起始日期不能晚于截止日期" in response.content.decode()
    assert list(response.context["page"].object_list) == []


@pytest.mark.django_db
def test_the_export_is_an_excel_file_of_the_search_and_is_recorded(client, trail):
    client.force_login(trail.auditor)
    response = client.get(reverse("audit:events_export"), {"kind": "export"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间", "用户名", "来源地址", "类型")
    assert [row[1] for row in rows[1:]] == ["liwan"]
    recorded = AuditEvent.objects.filter(kind=EventKind.EXPORT, username="auditor").get()
    assert recorded.detail["rows"] == 1 and recorded.detail["query"] == "kind=export"
