from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_photo(file) -> None:
    """A photo of an activity: at most 5 MB, and truly a JPEG, PNG or WebP image
    (read by Pillow, so a renamed file is refused whatever its name says)."""
    if file.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("照片不能超过5MB。"), code="photo_too_large")
    from PIL import Image, UnidentifiedImageError

    try:
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        with Image.open(file) as image:
            kind = image.format
            image.verify()
        file.seek(position)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError) as exc:
        raise ValidationError(_("文件不是有效的图片。"), code="photo_invalid") from exc
    if kind not in PHOTO_FORMATS:
        raise ValidationError(_("照片只能是JPEG、PNG或WebP格式。"), code="photo_type")
