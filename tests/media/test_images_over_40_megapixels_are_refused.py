"""An image of more than 40 megapixels is refused with a Chinese message, from its header,
before its pixels are decoded: a 12,000 × 12,000 PNG is 17 KB on disk but 144 megapixels
(Pillow itself refuses only above about 179). Every upload of a picture goes through
members.validators.validate_image: activity photos, members' photos, evidence."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cases.models import Activity, ActivityPhoto
from scoring.models import DutyRecord

pytestmark = pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")

MESSAGE = "图片像素太多（12000×12000）：最多4000万像素"


@pytest.fixture(scope="module")
def huge_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, format="PNG")
    assert len(out.getvalue()) < 50_000
    return out.getvalue()


@pytest.mark.django_db
def test_an_activity_photo_of_144_megapixels_is_refused(client, personas, huge_png):
    client.force_login(personas.beijing_clerk)
    response = client.post(
        reverse("cases:activity_create", args=[personas.beijing_room.pk]),
        {"summary": "带照片的草稿", "submit": "draft",
         "photos": [SimpleUploadedFile("photo.png", huge_png, content_type="image/png")]},
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Activity.objects.exists() and not ActivityPhoto.objects.exists()


@pytest.mark.django_db
def test_evidence_of_144_megapixels_is_refused(client, personas, huge_png):
    client.force_login(personas.city)
    response = client.post(reverse("admin:scoring_dutyrecord_add"), {
        "kind": "proposal", "title": "关于加装电梯的提案", "date": "2026-03-01",
        "members": [personas.member.pk],
        "attachment": SimpleUploadedFile("佐证.png", huge_png, content_type="image/png"),
    })
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not DutyRecord.objects.exists()


@pytest.mark.django_db
def test_a_member_photo_of_144_megapixels_is_refused(personas, huge_png):
    member = personas.member
    member.photo = SimpleUploadedFile("证件照.png", huge_png)
    with pytest.raises(ValidationError, match=MESSAGE):
        member.full_clean()


@pytest.mark.django_db
def test_a_photo_of_40_megapixels_is_accepted(client, personas):
    out = io.BytesIO()
    Image.new("1", (8_000, 5_000)).save(out, format="PNG")
    client.force_login(personas.beijing_clerk)
    response = client.post(
        reverse("cases:activity_create", args=[personas.beijing_room.pk]),
        {"summary": "带照片的草稿", "submit": "draft", "date": dt.date(2026, 3, 1),
         "photos": [SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")]},
    )
    assert response.status_code == 302
    assert ActivityPhoto.objects.count() == 1
