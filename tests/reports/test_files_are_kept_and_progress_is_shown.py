"""Downloads are made by a Celery task whose progress the page polls (htmx, every second),
and kept: the same content downloads again at once; a changed draft gets a new file and
the old one is discarded. Without a broker the task runs inline."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.choices import DocumentKind, FileStatus
from reports.models import ReportFile
from reports.services import report_draft_create, report_file_build, report_file_request

from ..factories import district

pytestmark = pytest.mark.django_db


def download(client, pk, fmt="xlsx"):
    return client.get(reverse("reports:district_download", args=[pk, 2026, fmt]))


def test_a_second_download_of_unchanged_data_reuses_the_kept_file(client, personas, monkeypatch):
    yuexiu = district("越秀区").pk
    client.force_login(personas.yuexiu_staff)
    assert download(client, yuexiu).status_code == 200
    kept = ReportFile.objects.get()
    assert kept.status == FileStatus.DONE and kept.progress == 100 and kept.file

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(services, "render_document", no_rendering)
    response = download(client, yuexiu)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert ReportFile.objects.get().pk == kept.pk


def test_a_changed_draft_gets_a_new_file_and_the_old_one_is_discarded(client, personas):
    yuexiu = district("越秀区")
    client.force_login(personas.yuexiu_staff)
    download(client, yuexiu.pk)
    old = ReportFile.objects.get()
    storage, name = old.file.storage, old.file.name
    report = report_draft_create(district=yuexiu, year=2026)
    report.achievements = "新写的成效"
    report.save()
    download(client, yuexiu.pk)
    new = ReportFile.objects.get()
    assert new.pk != old.pk and new.digest != old.digest
    assert not storage.exists(name)


def test_the_file_is_named_for_the_report_in_chinese(client, personas):
    client.force_login(personas.yuexiu_staff)
    response = download(client, district("越秀区").pk, "pdf")
    assert "越秀区2026年度政协委员进社区履职情况报告.pdf" in response["Content-Disposition"] \
        or "%E8%B6%8A%E7%A7%80" in response["Content-Disposition"]


def test_downloads_are_audited(client, personas):
    from audit.models import AuditEvent

    client.force_login(personas.yuexiu_staff)
    download(client, district("越秀区").pk)
    event = AuditEvent.objects.get(kind="download")
    assert event.username == "yuexiu" and event.detail["args"]["fmt"] == "xlsx"


def test_with_a_broker_the_page_waits_and_polls_until_the_worker_is_done(
    client, personas, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr("reports.tasks.build_report_file.delay", queued.append)
    client.force_login(personas.city)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reports:city_download", args=[2026, "pdf"]))
    file = ReportFile.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:file", args=[file.pk])
    assert queued == [file.pk] and file.status == FileStatus.PENDING

    page = client.get(response["Location"]).content.decode()
    status_url = reverse("reports:file_status", args=[file.pk])
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 1s"' in page

    ReportFile.objects.filter(pk=file.pk).update(  # as a worker's build does
        status=FileStatus.RUNNING, progress=40, lease=uuid.uuid4(),
        lease_until=timezone.now() + dt.timedelta(minutes=1),
    )
    fragment = client.get(status_url).content.decode()
    assert 'value="40"' in fragment and "40%" in fragment and "every 1s" in fragment

    ReportFile.objects.filter(pk=file.pk).update(status=FileStatus.PENDING, progress=0,
                                                 lease=None, lease_until=None)
    assert report_file_build(file_id=file.pk).status == FileStatus.DONE
    assert report_file_build(file_id=file.pk) is None  # claimed: a retry does nothing
    fragment = client.get(status_url).content.decode()
    assert "every 1s" not in fragment
    assert reverse("reports:file_download", args=[file.pk]) in fragment
    download = client.get(reverse("reports:file_download", args=[file.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_failed_file_says_so_and_is_tried_again_on_the_next_request(personas, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("字体缺失")

    monkeypatch.setattr(services, "render_document", broken)
    file = report_file_request(kind=DocumentKind.CITY, year=2026, fmt="pdf", by=personas.city)
    assert file.status == FileStatus.FAILED and "字体缺失" in file.error
    monkeypatch.undo()
    again = report_file_request(kind=DocumentKind.CITY, year=2026, fmt="xlsx",
                                by=personas.city)
    assert again.status == FileStatus.DONE
    retried = report_file_request(kind=DocumentKind.CITY, year=2026, fmt="pdf",
                                  by=personas.city)
    assert retried.pk == file.pk and retried.status == FileStatus.DONE


def test_the_status_fragment_of_a_failed_file(client, personas):
    file = ReportFile.objects.create(kind=DocumentKind.CITY, scope="city", year=2026,
                                     format="pdf", digest="x", status=FileStatus.FAILED,
                                     error="RuntimeError", data={"title": "全市汇总"})
    client.force_login(personas.city)
    fragment = client.get(reverse("reports:file_status", args=[file.pk])).content.decode()
    assert "生成失败" in fragment and "every 1s" not in fragment
    assert client.get(reverse("reports:file_download", args=[file.pk])).status_code == 404
