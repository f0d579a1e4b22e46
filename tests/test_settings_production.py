"""Production settings: refuse to start without their environment, pass `check --deploy`."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parent.parent

REALISTIC = {
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "wyjsq.gzzx.example.cn",
    "DATABASE_URL": "postgres://cppcc:change-me@db:5432/cppcc",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "TRUST_X_FORWARDED_PROTO": "true",
    "TRUSTED_PROXY_COUNT": "1",
    "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    "FIELD_HASH_KEY": secrets.token_urlsafe(40),
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **REALISTIC, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    # Set for tests only (live_server with Playwright); check --deploy rightly refuses it.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args, "--settings=config.settings.production"],
        cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_gives_no_warning_with_a_realistic_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECRET_KEY", ""),
        ("SECRET_KEY", "short-and-guessable"),
        ("ALLOWED_HOSTS", ""),
        ("ALLOWED_HOSTS", "*"),
        ("DATABASE_URL", ""),
        ("CELERY_BROKER_URL", ""),
        ("FIELD_ENCRYPTION_KEY", ""),
        ("FIELD_ENCRYPTION_KEY", "not-a-fernet-key"),
        ("FIELD_HASH_KEY", "short"),
        ("FIELD_ENCRYPTION_KEY", "G0WgUOJFzRMJhxaBN8nGEWNRc0ODXtZJDjda7Z2m7nc="),
        ("FIELD_HASH_KEY", "dev-only-field-hash-key-never-in-production"),
    ],
)
def test_production_refuses_to_start_without_a_real_value(name, value):
    result = manage("check", **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"), [("AXES_ENABLED", "false"), ("SESSION_COOKIE_AGE", "86400")],
)
def test_production_refuses_unprotected_logins(name, value):
    """Login locks never off; sessions of at most 8 hours (accounts/checks.py likewise)."""
    result = manage("check", **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and name in result.stderr


def test_production_accepts_a_session_of_eight_hours():
    result = manage("check", SESSION_COOKIE_AGE=str(8 * 60 * 60))
    assert result.returncode == 0, result.stdout + result.stderr


REAL_PROVIDER = {
    "OIDC_SIGN_IN": "true", "OIDC_ISSUER": "https://tyrz.gd.example.cn",
    "OIDC_RP_CLIENT_SECRET": secrets.token_urlsafe(32),
}


def test_production_takes_the_unified_identity_over_https_with_a_real_secret():
    assert manage("check", **REAL_PROVIDER).returncode == 0


@pytest.mark.parametrize("change", [
    {"OIDC_RP_CLIENT_SECRET": ""},
    {"OIDC_RP_CLIENT_SECRET": "mock-oidc-secret-not-for-production"},
    {"OIDC_ISSUER": "http://127.0.0.1:9200"},
    {"OIDC_OP_TOKEN_ENDPOINT": "http://tyrz.gd.example.cn/token"},
])
def test_production_refuses_the_stand_ins_secret_or_plain_http_for_the_identity(change):
    result = manage("check", **{**REAL_PROVIDER, **change})
    assert result.returncode != 0
    assert "OIDC" in result.stderr or "统一身份认证" in result.stderr
