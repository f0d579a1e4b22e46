"""Every export and download is one audit event: the decorator for
views, and the mixin for django-import-export admins."""

import pytest
from django.contrib.admin.sites import AdminSite
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV

from audit.admin import AuditedExportMixin
from audit.choices import EventKind
from audit.models import AuditEvent
from audit.services import audited_download
from members.models import Committee


@audited_download(EventKind.DOWNLOAD, "区年度总结.pdf")
def summary_pdf(request, year):
    return HttpResponse(b"%PDF", content_type="application/pdf")


@audited_download(EventKind.DOWNLOAD, "missing.pdf")
def missing(request):
    return HttpResponseNotFound()


def request_by(user, path="/reports/2026.pdf?district=1"):
    request = RequestFactory().get(path, REMOTE_ADDR="192.0.2.8")
    request.user = user
    return request


@pytest.mark.django_db
def test_a_decorated_download_is_recorded_with_its_arguments(personas):
    summary_pdf(request_by(personas.yuexiu_staff), year=2026)
    event = AuditEvent.objects.get(kind=EventKind.DOWNLOAD)
    assert event.username == "yuexiu" and event.ip_address == "192.0.2.8"
    assert event.detail == {"name": "区年度总结.pdf", "args": {"year": "2026"},
                            "query": "district=1"}


@pytest.mark.django_db
def test_a_refused_or_missing_download_is_not_a_download(personas):
    missing(request_by(personas.yuexiu_staff))
    assert not AuditEvent.objects.filter(kind=EventKind.DOWNLOAD).exists()


class CommitteeAdmin(AuditedExportMixin, ImportExportModelAdmin):
    pass


@pytest.mark.django_db
def test_an_admin_export_is_recorded_with_its_row_count(personas):
    admin = CommitteeAdmin(Committee, AdminSite())
    request = request_by(personas.city, "/admin/members/committee/export/")
    admin.get_export_data(CSV(), request, Committee.objects.all())
    event = AuditEvent.objects.get(kind=EventKind.EXPORT)
    assert event.username == "city"
    assert event.detail["model"] == "members.committee"
    assert event.detail["rows"] == Committee.objects.count()
