"""Activity photos: images only (checked by reading them, not by their names), at most
5 MB each and 9 per activity."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cases.models import Activity, ActivityPhoto


def _png(name="photo.png", size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _post(client, personas, photos):
    return client.post(
        reverse("cases:activity_create", args=[personas.beijing_room.pk]),
        {"summary": "带照片的草稿", "submit": "draft", "photos": photos},
    )


def test_a_real_photo_is_kept_with_the_activity(client, personas):
    client.force_login(personas.beijing_clerk)
    assert _post(client, personas, [_png(), _png("b.png")]).status_code == 302
    assert ActivityPhoto.objects.filter(activity=Activity.objects.get()).count() == 2


def test_a_renamed_file_is_refused(client, personas):
    client.force_login(personas.beijing_clerk)
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = _post(client, personas, [fake])
    assert response.status_code == 200 and not Activity.objects.exists()
    assert "photos" in response.context["form"].errors


def test_an_image_of_another_type_is_refused(client, personas):
    client.force_login(personas.beijing_clerk)
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    gif = SimpleUploadedFile("x.png", out.getvalue(), content_type="image/png")
    response = _post(client, personas, [gif])
    assert "只能是JPEG、PNG或WebP格式" in response.content.decode()


def test_a_photo_over_the_limit_is_refused(client, personas, monkeypatch):
    from cases import validators

    monkeypatch.setattr(validators, "PHOTO_MAX_BYTES", 100)  # a real 5 MB upload is slow
    client.force_login(personas.beijing_clerk)
    response = _post(client, personas, [_png(size=(200, 200))])
    assert "照片不能超过5MB" in response.content.decode()


def test_no_more_than_nine_photos(client, personas):
    client.force_login(personas.beijing_clerk)
    response = _post(client, personas, [_png(f"{i}.png") for i in range(10)])
    assert "最多上传9张照片" in response.content.decode()
