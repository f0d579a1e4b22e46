"""Tests: the base settings, fast hashing, files in a temporary folder.

The database is SQLite unless DATABASE_URL is set (CI sets it to PostgreSQL)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="cppcc-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="cppcc-static-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in-process in tests; the real-worker tests start their own worker (which may
# queue through its broker like production: CELERY_TASK_ALWAYS_EAGER=false).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
LANGUAGE_CODE = "zh-hans"
# Tests log in with force_login and no second factor; the 2FA tests turn it on with the
# `settings` fixture (tests/accounts/test_security_second_factor.py).
OTP_REQUIRED_ROLES = ()

# SQLite test database in a file of this run's own, not in memory, so that a real Celery
# worker process (tests/test_celery_worker.py) can share it.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="cppcc-testdb-")) / "test.sqlite3")
    }

# Tests see each change at once; the tests of the caches turn them on
# (tests/reports/test_city_page_live_figures_cache.py, tests/workrooms/
# test_public_pages_show_edits_within_a_minute.py, tests/test_cache_outage.py).
REPORT_LIVE_FIGURES_SECONDS = 0
CACHED_PAGE_SECONDS = 0
