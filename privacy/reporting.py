"""Django's error reports (AdminEmailHandler, DEBUG pages) without personal data or secrets.

DEFAULT_EXCEPTION_REPORTER_FILTER hides: settings that hold keys, passwords or URLs with
credentials (FIELD_ENCRYPTION_KEY, DATABASES, CELERY_BROKER_URL, CACHES…); POST fields that
may hold the public's personal data or case text; and phone numbers anywhere else in the
report (query strings, local variables, the exception message).
"""

from __future__ import annotations

import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from .logfilters import scrub

# Field names (with or without a form prefix: "visitor-phone") whose values stay out.
PERSONAL_FIELDS = re.compile(
    r"(^|[-_])(name|phone|mobile|tel|address|email|content|summary|note|notes|answer|reply"
    r"|outcome|feedback|instruction|work_unit|password\d?|otp_token|token)$",
    re.IGNORECASE,
)


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|BROKER|BACKEND|CACHES"
        "|DATABASES|ADMINS",
        flags=re.IGNORECASE,
    )

    def is_active(self, request):
        return True  # hide even with DEBUG on: a developer's screen is shared too

    def get_post_parameters(self, request):
        if request is None:
            return {}
        cleansed = super().get_post_parameters(request).copy()
        for key in cleansed:
            if PERSONAL_FIELDS.search(key):
                cleansed.setlist(key, [self.cleansed_substitute])
            else:
                cleansed.setlist(key, [scrub(str(v)) for v in cleansed.getlist(key)])
        return cleansed

    def get_safe_request_meta(self, request):
        return {
            key: scrub(value) if isinstance(value, str) else value
            for key, value in super().get_safe_request_meta(request).items()
        }


class PersonalDataExceptionReporter(ExceptionReporter):
    """Also scrubs what the filter has no hook for: GET, the URL, frame variables (already
    text here) and the exception message."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        for frame in data.get("frames", []):
            if "vars" in frame:
                frame["vars"] = [(k, scrub(v)) for k, v in frame["vars"]]
        if "request_GET_items" in data:
            data["request_GET_items"] = [
                (k, scrub(v)) for k, v in data["request_GET_items"]
            ]
        for key in ("request_insecure_uri", "exception_value"):
            if isinstance(data.get(key), str):
                data[key] = scrub(data[key])
        return data
