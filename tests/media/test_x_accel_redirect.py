"""Behind nginx (MEDIA_X_ACCEL_REDIRECT set), the product checks and records as always and
hands the sending to nginx's internal location; refusals stay 404."""

from urllib.parse import quote

from audit.choices import EventKind
from audit.models import AuditEvent


def test_an_allowed_file_is_handed_to_nginx_with_its_headers(client, files, settings):
    settings.MEDIA_X_ACCEL_REDIRECT = "/protected-media/"
    evidence = files.evidence.attachment
    client.force_login(files.p.yuexiu_staff)

    response = client.get(evidence.url)

    assert response.status_code == 200
    assert response.content == b""
    assert evidence.name.startswith("duty/evidence/佐证")  # a Chinese name, percent-encoded
    assert response["X-Accel-Redirect"] == "/protected-media/" + quote(evidence.name)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert AuditEvent.objects.filter(kind=EventKind.DOWNLOAD).count() == 1


def test_a_public_photo_is_handed_over_too(client, files, settings):
    settings.MEDIA_X_ACCEL_REDIRECT = "/protected-media"
    response = client.get(files.public_photo.photo.url)

    assert response["X-Accel-Redirect"] == f"/protected-media/{files.public_photo.photo.name}"
    assert "public" in response["Cache-Control"]


def test_a_refused_file_is_never_handed_over(client, files, settings):
    settings.MEDIA_X_ACCEL_REDIRECT = "/protected-media/"
    client.force_login(files.p.hualin_clerk)

    response = client.get(files.evidence.attachment.url)

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response
