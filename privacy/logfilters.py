"""Phone numbers never reach a log file or an e-mailed error report (个人信息保护法)."""

from __future__ import annotations

import logging
import re

# Mainland mobile numbers (with +86, spaces or dashes inside) and landlines (020-83123456),
# once full-width digits are made ASCII.
PHONE = re.compile(
    r"(?<!\d)(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:[\s\u3000-]?\d){8}(?!\d)"
    r"|(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)"
)
REPLACEMENT = "[电话已隐藏]"


FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９＋－", "0123456789+-")


def scrub(text: str) -> str:
    return PHONE.sub(REPLACEMENT, text.translate(FULL_WIDTH_DIGITS))


class ScrubPersonalData(logging.Filter):
    """Put on every handler (LOGGING): formats the message once, without phone numbers,
    and the traceback text likewise (an exception message may quote a number)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the record
            message = str(record.msg)
        record.msg, record.args = scrub(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
