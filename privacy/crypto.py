"""Encryption of single values with the keys in FIELD_ENCRYPTION_KEY (Fernet: AES-128-CBC
with HMAC-SHA256), and a keyed digest with FIELD_HASH_KEY.

FIELD_ENCRYPTION_KEY is a list: the first key encrypts, every key decrypts, so keys rotate
by putting a new one first and running `manage.py reencrypt_personal_data`.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

TOKEN_PREFIX = "gAAAAA"  # every Fernet token starts so (version byte 0x80, base64)


class DecryptionError(ValueError):
    """A stored value none of the configured keys opens (a wrong or missing key)."""


def configured_keys() -> list[str]:
    keys = settings.FIELD_ENCRYPTION_KEY
    if isinstance(keys, str):
        keys = keys.split(",")
    keys = [key.strip() for key in keys if key and key.strip()]
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY 未设置：个人信息须加密保存。")
    return keys


@functools.cache
def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in configured_keys()])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY 中有无效的密钥：每个密钥须是 Fernet.generate_key() 生成的"
            "44个字符。"
        ) from exc


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs):
    if setting in {"FIELD_ENCRYPTION_KEY", "FIELD_HASH_KEY"}:
        _fernet.cache_clear()


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise DecryptionError(
            "无法解密已加密的个人信息：FIELD_ENCRYPTION_KEY 与加密时的密钥不符，或数据已损坏。"
        ) from exc


def looks_encrypted(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


def keyed_hash(text: str) -> str:
    """HMAC-SHA256 of `text`: equal inputs give equal digests, and without FIELD_HASH_KEY
    nobody can test a guessed phone number against it (a plain hash of an 11-digit number
    is reversed by trying them all)."""
    key = settings.FIELD_HASH_KEY.encode("utf-8")
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()
