"""规范 第八条: the photo of each member serving at a workroom is public, and so is each
published reception notice (规范 第九条). Nothing else is, whoever asks without a login."""

from .conftest import body, png_bytes


def test_photo_of_a_member_on_the_public_pages_is_served_anonymously(client, files):
    response = client.get(files.public_photo.photo.url)

    assert response.status_code == 200
    assert body(response) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_the_public_workroom_page_links_the_photo_it_shows(client, files):
    page = client.get(f"/workrooms/{files.p.beijing_room.pk}/").content.decode()

    assert files.public_photo.photo.url in page
    assert client.get(files.public_photo.photo.url).status_code == 200


def test_photo_of_a_member_serving_at_no_workroom_is_404(client, files):
    assert client.get(files.nowhere_photo.photo.url).status_code == 404


def test_photo_of_a_member_of_a_closed_workroom_is_404(client, files):
    assert client.get(files.closed_room_photo.photo.url).status_code == 404


def test_photo_of_a_member_who_left_is_404(client, files):
    files.public_photo.status = "left"
    files.public_photo.save()

    assert client.get(files.public_photo.photo.url).status_code == 404


def test_published_notice_pdf_is_served_anonymously_as_an_attachment(client, files):
    response = client.get(files.notice.pdf.url)

    assert response.status_code == 200
    assert body(response) == b"%PDF-1.4 notice"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_notice_of_a_closed_workroom_is_404_like_the_notice_pdf_view(client, files):
    assert client.get(files.closed_notice.pdf.url).status_code == 404
    assert client.get(f"/workrooms/notices/{files.closed_notice.pk}.pdf").status_code == 404


def test_scoped_files_are_404_without_login(client, files):
    for file in (files.activity_photo.image, files.evidence.attachment, files.report.file):
        assert client.get(file.url).status_code == 404, file.name
