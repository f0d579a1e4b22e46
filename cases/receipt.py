"""The resident's receipt number (回执编号): twelve random digits, read and typed in three
groups of four (3829 1047 5521). Random, not counted: it says nothing about how many
requests exist, and a guessed one is useless without the phone's last four digits.

Plain functions without models, so the data migration that numbers the existing cases
uses the same rule.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable

DIGITS = 12
GROUP = 4
TRIES = 10  # ten draws from 9 × 10¹¹ numbers: a collision every time means a broken source


def receipt_no_new(taken: Callable[[str], bool]) -> str:
    """A fresh number: one not `taken`. The first digit is never 0, so no spreadsheet or
    phone keypad drops it."""
    for _attempt in range(TRIES):
        number = str(secrets.randbelow(9) + 1) + "".join(
            str(secrets.randbelow(10)) for _digit in range(DIGITS - 1)
        )
        if not taken(number):
            return number
    raise RuntimeError(f"no free receipt number after {TRIES} draws")


def receipt_display(number: str | None) -> str:
    """"382910475521" as "3829 1047 5521"."""
    if not number:
        return ""
    return " ".join(number[i:i + GROUP] for i in range(0, len(number), GROUP))


def receipt_normalize(text: str) -> str:
    """What a resident typed (spaces, dashes, full-width digits) as the stored digits;
    "" when it cannot be a receipt number."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", text or "")[:40] if ch.isdigit())
    return digits if len(digits) == DIGITS and digits.isascii() else ""
