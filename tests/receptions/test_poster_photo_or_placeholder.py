"""规范 第八条: the poster shows each member's photo; a member without one gets a neutral
placeholder, not a broken image or a missing card."""

import io

from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from .poster import poster_get, poster_room


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 80), (40, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def images_in(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages)


def test_a_members_photo_is_printed_and_the_other_gets_a_placeholder(client, personas, today):
    room = poster_room(personas)
    personas.member.photo.save("chen.png", ContentFile(png()))

    content = poster_get(client, personas.beijing_clerk, room).content

    assert images_in(content) == 1  # 陈明's photo; 王芳's placeholder is drawn, not an image


def test_without_any_photo_the_poster_still_renders(client, personas, today):
    content = poster_get(client, personas.beijing_clerk, poster_room(personas)).content

    assert content.startswith(b"%PDF") and images_in(content) == 0
