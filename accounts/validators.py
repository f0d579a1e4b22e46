import re

from django.contrib.auth import password_validation
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _


class MixedCharacterClassesValidator:
    """At least three of: lower case, upper case, digits, other characters."""

    classes = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for pattern in self.classes if re.search(pattern, password))
        if found < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号中的至少三类。")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's own, with the Chinese message its zh-hans catalogue lacks (Django 5.2)."""

    def get_error_message(self):
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("密码至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Django's (a password too close to the username, name, e-mail or phone number), with
    a Chinese message, and stricter: a password that holds one of them whole, in any case
    and with any separators, or reversed, is refused however long it is. Django's ratio
    alone lets "Beijing_clerk#2026-abcdefg" pass for the username beijing_clerk."""

    DEFAULT_USER_ATTRIBUTES = ("username", "display_name", "email", "phone")
    SHORTEST = 4  # shorter values are found inside too many honest passwords

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity=0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def validate(self, password, user=None):
        super().validate(password, user)
        if not user:
            return
        flat = _flat(password)
        for attribute in self.user_attributes:
            value = _flat(str(getattr(user, attribute, "") or ""))
            if len(value) >= self.SHORTEST and (value in flat or value[::-1] in flat):
                raise ValidationError(
                    self.get_error_message(), code="password_too_similar",
                    params={"verbose_name": _field_name(user, attribute)},
                )

    def get_error_message(self):
        return _("密码与%(verbose_name)s过于相似，请不要在密码中使用用户名、姓名、"
                 "电子邮箱或手机号码。")

    def get_help_text(self):
        return _("密码不能与用户名、姓名、电子邮箱或手机号码相似，也不能包含它们。")


def _flat(text: str) -> str:
    """Lower case, letters and digits only: Beijing-Clerk and beijing_clerk are alike."""
    return re.sub(r"[\W_]+", "", text.lower())


def _field_name(user, attribute: str) -> str:
    try:
        return str(user._meta.get_field(attribute).verbose_name)
    except FieldDoesNotExist:
        return attribute
