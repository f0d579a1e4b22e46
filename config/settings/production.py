"""Production: everything secret or site-specific comes from the environment, or it fails.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL, FIELD_ENCRYPTION_KEY,
FIELD_HASH_KEY (see .env.example).
`python manage.py check --deploy --settings=config.settings.production` gives no warning
with a realistic environment; CI runs it.
"""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False


def required(name: str) -> str:
    """A value production cannot run without: missing or empty stops the start-up."""
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(f"环境变量 {name} 未设置：正式环境必须提供（见 .env.example）。")
    return value


SECRET_KEY = required("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("SECRET_KEY 太短或不安全：至少 50 个随机字符。")
ALLOWED_HOSTS = [host.strip() for host in required("ALLOWED_HOSTS").split(",") if host.strip()]
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS 必须列出本站域名，不能为空或“*”。")
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS]
)

# The links in notices and messages (core/links.py): the site's host name unless set.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default=f"https://{ALLOWED_HOSTS[0].lstrip('.')}")

DATABASES = {"default": env.db_url_config(required("DATABASE_URL"))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Personal data of the public is encrypted at rest (privacy app). Several comma-separated
# Fernet keys: the first encrypts, all decrypt (rotation). The hash key makes phone look-ups
# without storing the number in clear.
FIELD_ENCRYPTION_KEY = [key.strip() for key in required("FIELD_ENCRYPTION_KEY").split(",")]
try:
    [Fernet(key.encode()) for key in FIELD_ENCRYPTION_KEY]
except ValueError as exc:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY 中有无效的 Fernet 密钥。") from exc
if DEV_FIELD_ENCRYPTION_KEY in FIELD_ENCRYPTION_KEY:  # noqa: F405
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY 不能使用开发环境的默认密钥。")
FIELD_HASH_KEY = required("FIELD_HASH_KEY")
if FIELD_HASH_KEY == DEV_FIELD_HASH_KEY:  # noqa: F405
    raise ImproperlyConfigured("FIELD_HASH_KEY 不能使用开发环境的默认值。")
if len(FIELD_HASH_KEY) < 32:
    raise ImproperlyConfigured("FIELD_HASH_KEY 太短：至少 32 个随机字符。")

# Tasks go to Redis and run in the worker, never inside a web request.
CELERY_BROKER_URL = required("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = False

# Login locks are never off, and a session lives at most 8 hours (accounts/checks.py refuses
# the same under `check --deploy` for any settings module).
if not AXES_ENABLED:  # noqa: F405
    raise ImproperlyConfigured("AXES_ENABLED=false：正式环境不能关闭登录失败锁定（django-axes）。")
if SESSION_COOKIE_AGE > SESSION_COOKIE_AGE_MAX:  # noqa: F405
    raise ImproperlyConfigured(
        f"SESSION_COOKIE_AGE={SESSION_COOKIE_AGE} 超过 8 小时：正式环境的会话最长 "  # noqa: F405
        f"{SESSION_COOKIE_AGE_MAX} 秒（默认 1800 秒，即空闲 30 分钟退出）。"  # noqa: F405
    )

# The unified identity in production: a real secret, and its endpoints over HTTPS.
if OIDC_SIGN_IN:  # noqa: F405
    if OIDC_RP_CLIENT_SECRET == OIDC_DEV_CLIENT_SECRET:  # noqa: F405
        raise ImproperlyConfigured(
            "OIDC_SIGN_IN=true 但 OIDC_RP_CLIENT_SECRET 未设置或是本地模拟平台的密钥。")
    for endpoint in (OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT,  # noqa: F405
                     OIDC_OP_USER_ENDPOINT, OIDC_OP_JWKS_ENDPOINT):  # noqa: F405
        if not endpoint.startswith("https://"):
            raise ImproperlyConfigured(f"统一身份认证的地址必须是 https://：{endpoint}")

# HTTPS. Behind a reverse proxy that terminates TLS, set TRUST_X_FORWARDED_PROTO=true and
# make sure the proxy overwrites X-Forwarded-Proto (never trust it from the open internet).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP inside the compose network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Static files: collected in the image and served by whitenoise with hashed names.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# E-mail over SMTP, e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.cn:587
if env.str("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))

ADMINS = [("管理员", address) for address in env.list("ADMIN_EMAILS", default=[])]
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)  # noqa: F405
