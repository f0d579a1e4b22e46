"""An uploaded SVG or HTML file (however it got in) is never sent as markup: its content
type comes from an allow-list by extension, unknown kinds go out as an opaque attachment,
and every file answer carries a sandboxing CSP and nosniff."""

import pytest
from django.core.files.base import ContentFile

from .conftest import body

SCRIPT = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(document.cookie)</script></svg>"
CSP = "default-src 'none'; img-src 'self'; sandbox"


@pytest.mark.parametrize("name", ["x.svg", "x.html", "x.htm", "x.xhtml", "x.js", "x.SVG",
                                  "x", "x.png.html"])
def test_markup_is_an_opaque_attachment_under_a_sandbox(client, files, name):
    record = files.evidence
    record.attachment.save(name, ContentFile(SCRIPT))
    client.force_login(files.p.yuexiu_staff)

    response = client.get(record.attachment.url)

    assert response.status_code == 200
    assert body(response) == SCRIPT
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == CSP
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_public_svg_photo_is_not_served_as_an_image_either(client, files):
    member = files.public_photo
    member.photo.save("chen.svg", ContentFile(SCRIPT))

    response = client.get(member.photo.url)

    assert response.status_code == 200
    assert "svg" not in response["Content-Type"] and "html" not in response["Content-Type"]
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == CSP


@pytest.mark.parametrize(("name", "kind"), [
    ("p.PNG", "image/png"), ("p.jpg", "image/jpeg"), ("p.jpeg", "image/jpeg"),
    ("p.webp", "image/webp"),
])
def test_images_are_inline_with_their_type_from_the_extension(client, files, name, kind):
    photo = files.activity_photo
    photo.image.save(name, ContentFile(b"not really an image"))
    client.force_login(files.p.beijing_clerk)

    response = client.get(photo.image.url)

    assert response["Content-Type"] == kind
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == CSP
    assert response["X-Content-Type-Options"] == "nosniff"


def test_office_files_and_pdfs_are_attachments(client, files):
    client.force_login(files.p.yuexiu_staff)
    record = files.evidence
    for name, kind in [("e.pdf", "application/pdf"),
                       ("e.docx", "application/vnd.openxmlformats-officedocument"
                                  ".wordprocessingml.document"),
                       ("e.xlsx", "application/vnd.openxmlformats-officedocument"
                                  ".spreadsheetml.sheet")]:
        record.attachment.save(name, ContentFile(b"x"))
        response = client.get(record.attachment.url)
        assert response["Content-Type"] == kind
        assert response["Content-Disposition"].startswith("attachment")
