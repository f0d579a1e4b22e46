import datetime as dt
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.media import name_as

# ASCII digits only: full-width ones are normalised first (normalize_phone), never stored.
MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}$", re.ASCII)


def normalize_phone(value: str) -> str:
    """Full-width digits become ASCII; spaces and the +86 prefix go (举措 contact data as typed)."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    text = re.sub(r"[\s\u3000]", "", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    if MOBILE.match(text.replace("-", "")):
        return text.replace("-", "")
    return text


def validate_phone(value: str) -> None:
    if value and not (MOBILE.match(value) or LANDLINE.match(value)):
        raise ValidationError(
            _("电话号码格式不正确：“%(value)s”。手机号应为11位，固定电话如 020-83123456。"),
            code="invalid_phone",
            params={"value": value},
        )


PHOTO_MAX_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
# Decoding an image takes memory in proportion to its pixels, not its bytes: a 17 KB PNG
# can hold 144 megapixels, and Pillow itself refuses only above about 179. Phone photos
# are 12 to 24 megapixels.
IMAGE_MAX_PIXELS = 40_000_000


def validate_image(
    file, *, max_bytes: int = PHOTO_MAX_BYTES, formats=IMAGE_FORMATS, too_large=None
) -> str:
    """An uploaded picture: at most `max_bytes` and IMAGE_MAX_PIXELS, and truly one of
    `formats` as Pillow reads it (a renamed file is refused whatever its name says), read
    from its header without decoding its pixels. An accepted file is named with the
    extension of that format (core.media.name_as). Returns the format."""
    if file.size > max_bytes:
        raise ValidationError(
            too_large or _("图片不能超过%(mb)sMB。") % {"mb": max(1, max_bytes // (1024 * 1024))},
            code="photo_too_large",
        )
    from PIL import Image, UnidentifiedImageError

    try:
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        with Image.open(file) as image:
            kind, size = image.format, image.size
            if size[0] * size[1] <= IMAGE_MAX_PIXELS:
                image.verify()
        file.seek(position)
    except Image.DecompressionBombError:  # beyond even Pillow's own limit
        kind, size = None, None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("文件不是有效的图片。"), code="photo_invalid") from exc
    if size is None or size[0] * size[1] > IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("图片像素太多%(size)s：最多%(limit)s万像素，请缩小后再上传。"),
            code="photo_too_many_pixels", params={
                "size": f"（{size[0]}×{size[1]}）" if size else "",
                "limit": IMAGE_MAX_PIXELS // 10_000,
            },
        )
    if kind not in formats:
        raise ValidationError(_("图片只能是JPEG、PNG或WebP格式。"), code="photo_type")
    name_as(file, kind)
    return kind


def validate_member_photo(file) -> None:
    """规范 第八条: the photo published with the member's name; a real picture, ≤ 5 MB."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when uploaded
    validate_image(file)


class PhoneFormField(forms.CharField):
    """A phone number as people type it: full-width digits, spaces and +86 are normalised
    before it is validated and saved. Forms with a phone use it."""

    def to_python(self, value):
        return normalize_phone(super().to_python(value))


class PhoneFieldsNormalised:
    """For a ModelAdmin or inline: every field named *phone gets PhoneFormField."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name.endswith("phone"):
            kwargs["form_class"] = PhoneFormField
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# The CPPCC first met in September 1949: no member joined or left before.
FIRST_TERM_DAY = dt.date(1949, 9, 21)


def validate_term_date(value: dt.date) -> None:
    """A day a member joined or left (规范 第五条: the yearly duty binds members while they
    serve): a day that has come, not before the CPPCC existed."""
    if value < FIRST_TERM_DAY:
        raise ValidationError(
            _("日期不能早于%(day)s：请检查年份。"),
            code="term_date_too_early", params={"day": f"{FIRST_TERM_DAY:%Y年%-m月%-d日}"},
        )
    today = timezone.localdate()
    if value > today:
        raise ValidationError(
            _("日期不能晚于今天（%(today)s）：任职、离任日期须是已经到来的日子。"),
            code="term_date_in_future", params={"today": f"{today:%Y年%-m月%-d日}"},
        )
