"""A stored upload's name ends with the extension of the type its content was found to be,
whatever name it was sent with, so that it is served as what it is (files go out typed by
their extension, core.media.CONTENT_TYPES): a JPEG sent as photo.png is stored and
served as a .jpg."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cases.models import ActivityPhoto
from scoring.models import DutyRecord


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


@pytest.mark.django_db
def test_a_jpeg_sent_as_png_is_stored_and_served_as_jpg(client, personas):
    client.force_login(personas.beijing_clerk)
    response = client.post(
        reverse("cases:activity_create", args=[personas.beijing_room.pk]),
        {"summary": "带照片的草稿", "submit": "draft",
         "photos": [SimpleUploadedFile("photo.png", jpeg(), content_type="image/png")]},
    )
    assert response.status_code == 302
    name = ActivityPhoto.objects.get().image.name
    assert name.startswith("cases/photos/") and name.endswith("/photo.jpg")
    served = client.get(f"/media/{name}")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(("sent", "stored", "content"), [
    ("佐证.png", ".jpg", jpeg()),
    ("佐证.JPEG", ".jpg", jpeg()),
    ("佐证.PDF", ".pdf", b"%PDF-1.4 evidence"),
])
@pytest.mark.django_db
def test_evidence_is_stored_with_the_extension_of_its_type(client, personas, sent, stored,
                                                           content):
    client.force_login(personas.city)
    response = client.post(reverse("admin:scoring_dutyrecord_add"), {
        "kind": "proposal", "title": "关于加装电梯的提案", "date": "2026-03-01",
        "members": [personas.member.pk], "attachment": SimpleUploadedFile(sent, content),
    })
    assert response.status_code == 302
    name = DutyRecord.objects.get().attachment.name
    assert name.startswith("duty/evidence/佐证") and name.endswith(stored)


@pytest.mark.django_db
def test_a_member_photo_sent_as_png_is_stored_as_jpg_and_keeps_that_name(personas):
    member = personas.member
    member.photo = SimpleUploadedFile("证件照.png", jpeg())
    member.full_clean()
    member.save()
    assert member.photo.name == "members/photos/证件照.jpg"
    member.refresh_from_db()
    member.full_clean()  # a stored photo is not renamed again
    member.save()
    member.refresh_from_db()
    assert member.photo.name == "members/photos/证件照.jpg" and member.photo.size > 0
