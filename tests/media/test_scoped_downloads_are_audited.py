"""Every download of a scoped file is an audit event (who, which row,
from where); public files and refusals are not."""

from urllib.parse import unquote

from audit.choices import EventKind
from audit.models import AuditEvent


def downloads():
    return AuditEvent.objects.filter(kind=EventKind.DOWNLOAD)


def test_each_scoped_download_is_one_audit_event(client, files):
    client.force_login(files.p.beijing_clerk)
    for row, field in [(files.activity_photo, "image"), (files.evidence, "attachment")]:
        before = downloads().count()
        url = getattr(row, field).url
        assert client.get(url).status_code == 200

        assert downloads().count() == before + 1
        event = downloads().latest("pk")
        assert event.user == files.p.beijing_clerk
        assert event.object_type == row._meta.label_lower
        assert event.object_id == str(row.pk)
        assert event.path == unquote(url)
        assert event.detail["field"] == field


def test_a_report_file_download_is_audited(client, files):
    client.force_login(files.p.yuexiu_staff)
    assert client.get(files.report.file.url).status_code == 200

    assert downloads().get().object_type == "reports.reportfile"


def test_public_files_and_refusals_make_no_download_event(client, files):
    assert client.get(files.public_photo.photo.url).status_code == 200
    assert client.get(files.notice.pdf.url).status_code == 200
    client.force_login(files.p.hualin_clerk)
    assert client.get(files.activity_photo.image.url).status_code == 404

    assert not downloads().exists()
