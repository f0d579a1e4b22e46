"""Personal data shown masked: enough to recognise a number, a name or an address, not to
call, find or visit the person. Who sees what in full is decided by the app that owns the
data (`cases.privacy` for visitors); these only mask."""

from __future__ import annotations

ADDRESS_KEEP = 6


def mask_phone(value: str) -> str:
    """138****5678: enough to recognise a number, not to call it."""
    if not value:
        return ""
    digits = value.replace("-", "")
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "****" + digits[-4:]


def mask_name(value: str) -> str:
    """王小明 → 王**."""
    if not value:
        return ""
    return value[0] + "*" * max(1, len(value) - 1)


def mask_address(value: str, keep: int = ADDRESS_KEEP) -> str:
    """越秀区北京路某号 → 越秀区北京路****: the area, not the door."""
    if not value:
        return ""
    keep = min(keep, max(1, len(value) // 2))
    return value[:keep] + "****"
