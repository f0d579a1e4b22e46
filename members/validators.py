import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}$")


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


def mask_phone(value: str) -> str:
    """138****5678: enough to recognise a number, not to call it."""
    if not value:
        return ""
    digits = value.replace("-", "")
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "****" + digits[-4:]
