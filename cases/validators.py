from django.utils.translation import gettext_lazy as _

from members import validators as member_validators

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_photo(file) -> None:
    """A photo of an activity: at most 5 MB, and truly a JPEG, PNG or WebP image
    (read by Pillow, so a renamed file is refused whatever its name says)."""
    member_validators.validate_image(
        file, max_bytes=PHOTO_MAX_BYTES, formats=PHOTO_FORMATS, too_large=_("照片不能超过5MB。")
    )
