"""A model field whose value is encrypted in the database and plain text in Python."""

from __future__ import annotations

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from .crypto import DecryptionError, decrypt, encrypt, looks_encrypted


class EmptyOnlyExact(Exact):
    """`phone=""` still works (blank or not); equality with a value cannot (every token
    differs): filter on a `keyed_hash` column instead."""

    def get_prep_lookup(self):
        if self.rhs != "" and not hasattr(self.rhs, "resolve_expression"):
            raise FieldError(
                f"加密字段 {self.lhs.output_field.name} 只能按“是否为空”查询；"
                "按内容查找请另设 keyed_hash 字段。"
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.CharField):
    """Text of at most `max_length` characters (checked on the plain text, as a CharField
    would), stored as a Fernet token in a `text` column. Empty stays empty, so "has a
    phone number" remains a query. Serialised (dumpdata, backups) as the token: dumps hold
    no plain personal data, and load back only where FIELD_ENCRYPTION_KEY opens them.

    Not searchable, sortable or comparable in the database: only `isnull` and `=""`.
    """

    description = _("加密保存的文本")

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def to_python(self, value):
        value = super().to_python(value)
        if value and looks_encrypted(value):
            try:
                return decrypt(value)
            except DecryptionError:
                return value  # plain text that happens to look like a token
        return value

    def get_prep_value(self, value):
        value = models.Field.get_prep_value(self, value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj)) or ""

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def get_transform(self, lookup_name):
        return None
