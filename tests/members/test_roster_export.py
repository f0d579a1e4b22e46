"""Roster exports from the admin: in scope (for_user), in Chinese, formula cells neutralised."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from members.resources import MemberResource
from members.services import roster_import

from ..factories import MemberFactory

XLSX, CSV = "0", "1"  # RosterAdminMixin.formats


def export(client, user, file_format):
    client.force_login(user)
    response = client.post(reverse("admin:members_member_export"),
                           {"format": file_format, "resource": "0"})
    assert response.status_code == 200
    return response


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.django_db
def test_a_csv_export_neutralises_a_formula_in_a_cell(client, personas):
    MemberFactory(name="=HYPERLINK(\"http://evil\")", work_unit="+1+1", post="@SUM(A1)")
    rows = csv_rows(export(client, personas.yuexiu_staff, CSV))
    row = next(r for r in rows if "HYPERLINK" in r["姓名"])
    assert row["姓名"] == "'=HYPERLINK(\"http://evil\")"
    assert (row["工作单位"], row["职务"]) == ("'+1+1", "'@SUM(A1)")


@pytest.mark.django_db
def test_an_xlsx_export_neutralises_formulas_and_holds_no_formula_cell(client, personas):
    MemberFactory(name="-2+3", work_unit="=1+1")
    response = export(client, personas.yuexiu_staff, XLSX)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'-2+3" in values and "'=1+1" in values
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.django_db
def test_district_staff_export_only_their_district_with_chinese_headers(client, personas):
    response = export(client, personas.yuexiu_staff, CSV)
    assert response["Content-Disposition"].startswith('attachment; filename="members-')
    rows = csv_rows(response)
    assert list(rows[0])[:4] == ["姓名", "委员层级", "所属区", "界别"]
    assert [r["姓名"] for r in rows] == ["陈明"]
    assert rows[0]["委员层级"] == "市政协委员" and rows[0]["专门委员会"] == "经济委员会"


@pytest.mark.django_db
def test_an_exported_roster_imports_back_unchanged(client, personas):
    response = export(client, personas.city, XLSX)
    upload = SimpleUploadedFile("members.xlsx", response.content)
    report = roster_import(resource_class=MemberResource, file=upload, file_name=upload.name,
                           by=personas.city)
    assert report.ok, report.lines()
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


@pytest.mark.django_db
def test_an_export_is_an_audit_event(client, personas):
    export(client, personas.yuexiu_staff, CSV)
    event = AuditEvent.objects.get(kind="export")
    assert event.user == personas.yuexiu_staff and event.detail["rows"] == 1
