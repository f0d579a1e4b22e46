"""Settings for every environment, read from the environment (django-environ).

With no environment at all the product runs on its embedded default: SQLite in the
checkout, Celery tasks executed in-process, the console for e-mail. Production
(`config.settings.production`) refuses to start without real values.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.apps.StaffAdminConfig",  # django.contrib.admin on accounts.sites.StaffAdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "import_export",
    "config.apps.LoginLocksConfig",  # django-axes, named in Chinese
    "csp",
    "django_otp",
    "config.apps.SecondFactorConfig",  # django_otp.plugins.otp_totp, named in Chinese
    # ours
    "documents",
    "core",
    "accounts",
    "regions",
    "members",
    "workrooms",
    "receptions",
    "cases",
    "scoring",
    "reports",
    "exchange",
    "public",
    "notices",
    "audit",
    "privacy",
    "wecom",
    "backups",
    "demo",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the session or the database: PostgreSQL text cannot hold NUL.
    "core.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages and files for a logged-in user may show personal data: never stored by a cache.
    "privacy.middleware.PrivatePagesNotStoredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "audit.middleware.AuditRefusalMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.ForcePasswordChangeMiddleware",
    "accounts.middleware.RequireOTPMiddleware",
    # axes must come last: it reads the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "notices.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"].get("ENGINE") == "django.db.backends.postgresql":
    # No JIT compilation: the pages' queries are short, and PostgreSQL's JIT (on by default
    # above a cost estimate) spent longer compiling the larger ones than running them. No parallel
    # workers either: starting two for a page's query cost more than they saved on two cores
    # that the web workers need themselves (bench/README.md).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", "-c jit=off -c max_parallel_workers_per_gather=0"
    )
if DATABASES["default"].get("ENGINE") == "django.db.backends.sqlite3":
    # The embedded default serves requests in threads and runs tasks in-process. Write-ahead
    # logging lets readers go on during a write; a writer waits up to 5 s for the lock rather
    # than failing at once; and every transaction takes the write lock when it begins
    # (IMMEDIATE), so two clicks queue one behind the other instead of one of them dying with
    # "database is locked" when both try to upgrade a read to a write.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.permissions.RolePermissionBackend",
    "accounts.auth.ModelBackendWithoutGrants",
    "accounts.oidc.IdentityBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # Django's, with a Chinese message, that also refuses a password holding the username.
    {"NAME": "accounts.validators.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.MixedCharacterClassesValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle sessions end after 30 minutes: the expiry is renewed by every request, written at most
# once a minute (accounts.middleware.SessionRenewalMiddleware), so 29 to 30 minutes of quiet.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
# The longest session production accepts (config/settings/production.py, accounts/checks.py).
SESSION_COOKIE_AGE_MAX = 8 * 60 * 60
SESSION_RENEW_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: 5 failures (a wrong password or a wrong second-factor code) lock the account
# and the source address for 30 minutes. The count is cleared when a login is complete
# (accounts.lockout.login_completed), not by the password alone: otherwise whoever holds the
# password could sign in again after every few wrong codes and never be locked.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# The client's address, for the locks and the audit trail alike (audit.services.client_ip):
# REMOTE_ADDR with no proxy (0); behind this many reverse proxies that each append to
# X-Forwarded-For, the entry that many places from its right (what the client wrote further
# left is ignored). Behind the README's one TLS proxy: 1.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT 不能为负数（0 表示前面没有反向代理）。")
AXES_CLIENT_IP_CALLABLE = "audit.services.client_ip"

# Second factor (TOTP, django-otp): these roles must verify a code after the password;
# anyone else who has set up a device verifies too, and superusers whenever any role must.
# config/settings/test.py empties it so force_login'ed test sessions need no code.
OTP_REQUIRED_ROLES = ("city", "district", "useradmin", "auditor")
OTP_TOTP_ISSUER = "广州政协委员进社区"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no administrator ever reads another user's TOTP key

# Sign-in methods (accounts/checks.py warns when every one is off). The password form; the
# province's unified identity (统一身份认证, OpenID Connect, accounts/oidc.py). The product
# speaks to the real provider and to the local stand-in (python -m accounts.mock_oidc, the
# tests' and the demo's) alike: only the addresses and the secret below differ.
PASSWORD_SIGN_IN = env.bool("PASSWORD_SIGN_IN", default=True)
OIDC_SIGN_IN = env.bool("OIDC_SIGN_IN", default=False)
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", default="统一身份认证")
OIDC_ISSUER = (env("OIDC_ISSUER", default="") or "http://127.0.0.1:9200").rstrip("/")
# An empty variable (as .env.example leaves them) means the issuer's usual address.
OIDC_OP_AUTHORIZATION_ENDPOINT = (
    env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="") or f"{OIDC_ISSUER}/authorize")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="") or f"{OIDC_ISSUER}/token"
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="") or f"{OIDC_ISSUER}/userinfo"
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="") or f"{OIDC_ISSUER}/jwks"
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="gzzx-wyjsq")
# The stand-in's secret: production refuses it (config/settings/production.py).
OIDC_DEV_CLIENT_SECRET = "mock-oidc-secret-not-for-production"
OIDC_RP_CLIENT_SECRET = (
    env("OIDC_RP_CLIENT_SECRET", default="") or OIDC_DEV_CLIENT_SECRET)
# ID tokens are RS256, verified against the provider's published keys (JWKS); state, nonce
# and PKCE on every request; no account is ever created for an unknown subject.
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid profile"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10.0)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
# The provider's assurance levels (acr) that stand for our second factor: a sign-in at one
# of these skips the TOTP code. Empty (the default): the second factor still applies.
OIDC_ACR_SUFFICIENT = [acr for acr in env.list("OIDC_ACR_SUFFICIENT", default=[]) if acr]

# The audit trail is kept at least 180 days (网络安全法 第二十一条: six months of logs;
# `manage.py check` refuses less).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=180)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads are served by core.media (scope checked, audited). Behind nginx, set this to an
# `internal` location that aliases MEDIA_ROOT and nginx sends the bytes (X-Accel-Redirect).
MEDIA_X_ACCEL_REDIRECT = env("MEDIA_X_ACCEL_REDIRECT", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Uploads: rosters and photos are small; anything larger is refused before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
# A spreadsheet's size is checked before its rows are read (members.services.sheet_values):
# one cell in column XFD would otherwise make every row 16,384 cells wide. The widest
# template has 14 columns; 20,000 rows is several times the city's whole roster.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=50)

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@gzzx.example")
# Seconds the mail server may take per step; a send must end well inside its task's time
# limit (notices.services.SEND_TIME_LIMIT; `manage.py check` says so).
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=20.0)
SMS_BACKEND = env("SMS_BACKEND", default="notices.sms.OutboxBackend")
# Gateways (notices/sms.py): Alibaba Cloud SMS (AliyunSmsBackend; the URL defaults to
# dysmsapi) or a government platform (HttpGatewayBackend: URL and bearer token).
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=10.0)
SMS_ACCESS_KEY_ID = env("SMS_ACCESS_KEY_ID", default="")
SMS_ACCESS_KEY_SECRET = env("SMS_ACCESS_KEY_SECRET", default="")
SMS_SIGN_NAME = env("SMS_SIGN_NAME", default="")
SMS_TEMPLATE_CODE = env("SMS_TEMPLATE_CODE", default="")

# 粤政易 (WeChat Work, 企业微信; wecom/client.py). The corporation's id, the self-built app's
# AgentId and secret; the API and the two sign-in pages are settings so that the tests and the
# demo use the local stand-in (python -m wecom.mock). WECOM_SIGN_IN: staff may sign in through
# it (accounts/wecom.py); WECOM_MESSAGES: notices go to it as text cards (notices/services.py).
# WECOM_ASSURANCE_SUFFICIENT: a 粤政易 sign-in counts as the second factor too (the app
# itself is behind the province's own strong sign-in); off, accounts that need a second
# factor still enter their code.
WECOM_CORP_ID = env("WECOM_CORP_ID", default="")
WECOM_AGENT_ID = env("WECOM_AGENT_ID", default="")
WECOM_SECRET = env("WECOM_SECRET", default="")
WECOM_API_BASE = env("WECOM_API_BASE", default="https://qyapi.weixin.qq.com")
WECOM_AUTHORIZE_URL = env(
    "WECOM_AUTHORIZE_URL", default="https://open.weixin.qq.com/connect/oauth2/authorize"
)
WECOM_WEB_LOGIN_URL = env(
    "WECOM_WEB_LOGIN_URL", default="https://login.work.weixin.qq.com/wwlogin/sso/login"
)
WECOM_SIGN_IN = env.bool("WECOM_SIGN_IN", default=False)
WECOM_MESSAGES = env.bool("WECOM_MESSAGES", default=False)
WECOM_ASSURANCE_SUFFICIENT = env.bool("WECOM_ASSURANCE_SUFFICIENT", default=False)
WECOM_TIMEOUT = env.float("WECOM_TIMEOUT", default=10.0)
# The platform drops what one app sends one person beyond 30 a minute: we wait instead.
WECOM_PER_USER_PER_MINUTE = 30

# Celery: with no broker configured, tasks run in-process (the embedded default). `make run`
# runs beat's jobs beside it without Redis: a worker with its beat inside, on a broker that is
# a folder (CELERY_BROKER_URL=filesystem://, below).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
FILESYSTEM_BROKER = CELERY_BROKER_URL.startswith("filesystem://")
CELERY_RESULT_BACKEND = env(
    "CELERY_RESULT_BACKEND", default=None if FILESYSTEM_BROKER else CELERY_BROKER_URL or None
)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
# Nothing reads task results (what a task did is in the database rows), so none is stored;
# queuing then never touches the result backend, which with Redis down held a request 20 s
# and then raised RuntimeError ("the Celery application must be restarted").
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60  # a task that sets none of its own
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# Redis hands an unacknowledged task (its worker died) to another worker after the visibility
# timeout; a task still running or waiting for its countdown then would run twice. So it is
# the longest time limit of any task (tests/test_celery_redelivery_is_timely.py keeps this the
# longest) plus the longest countdown (none: retries wait in the database, e.g.
# notices.services.RETRY_DELAYS) plus a margin: 35 minutes, not Kombu's default hour.
TASK_LONGEST_TIME_LIMIT = 30 * 60
TASK_LONGEST_COUNTDOWN = 0
TASK_REDELIVERY_MARGIN = 5 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": max(TASK_LONGEST_TIME_LIMIT, CELERY_TASK_TIME_LIMIT)
    + TASK_LONGEST_COUNTDOWN + TASK_REDELIVERY_MARGIN,
    # A broker that stops answering fails a publish in seconds (core.queueing tolerates
    # it) instead of holding the request forever (kombu's default: no timeout).
    "socket_connect_timeout": 3,
    "socket_timeout": 3,
}
if FILESYSTEM_BROKER:
    # kombu's filesystem transport: one file per message in CELERY_BROKER_FOLDER (the
    # checkout's var/celery unless set), for one machine only; the folders are made here.
    BROKER_FOLDER = Path(env("CELERY_BROKER_FOLDER", default="") or BASE_DIR / "var" / "celery")
    for sub in ("queue", "control"):
        (BROKER_FOLDER / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_FOLDER / "queue"),
        "data_folder_out": str(BROKER_FOLDER / "queue"),
        "control_folder": str(BROKER_FOLDER / "control"),
    }
# Workers keep LOGGING (and its phone-number scrubbing filter) instead of Celery's own handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://")
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A cache outage degrades, it does not break: an unreachable Redis is a miss and the pages
    # are computed without it (core/cache.py), found out within a second, not a hang.
    CACHES["default"]["BACKEND"] = "core.cache.DegradingRedisCache"
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": 0.5, "socket_timeout": 1, **CACHES["default"].get("OPTIONS", {})
    }
# The public workroom page, its .ics feeds and the staff quota table's count, chart and order
# are kept in the cache this many seconds: an edit shows on them within this time (and a
# browser may keep a public page as long again: Cache-Control max-age). 0 computes them on
# every request.
CACHED_PAGE_SECONDS = env.int("CACHED_PAGE_SECONDS", default=60)
# The report pages show the districts' and the city's live figures counted at most this many
# seconds ago (reports.documents.kept, kept in the database; beat recounts them every 4
# minutes). 0 counts them on every request. Submitted reports are frozen and always shown as
# submitted.
REPORT_LIVE_FIGURES_SECONDS = env.int("REPORT_LIVE_FIGURES_SECONDS", default=300)
# A PDF render is stopped after this many seconds (documents/pdf.py): in a request (the ledger,
# the member's archive, a reception notice) well inside gunicorn's --timeout of 60 s, so the
# user reads why instead of a broken connection; in the Celery task that builds the yearly
# reports inside its soft time limit of 9 minutes (reports/tasks.py).
PDF_TIME_LIMIT = env.int("PDF_TIME_LIMIT", default=30)
PDF_BACKGROUND_TIME_LIMIT = env.int("PDF_BACKGROUND_TIME_LIMIT", default=8 * 60)

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_FORMATS_XLSX_CSV = True

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Phone numbers are scrubbed from every log record and error e-mail (privacy.logfilters).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "personal_data": {"()": "privacy.logfilters.ScrubPersonalData"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["personal_data"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
                "fontTools": {"level": "WARNING"},
                "django": {"handlers": ["console", "mail_admins"], "level": "INFO",
                           "propagate": False}},
}
# Error reports hide keys, credentials in URLs, personal POST fields and phone numbers.
DEFAULT_EXCEPTION_REPORTER_FILTER = "privacy.reporting.PersonalDataExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "privacy.reporting.PersonalDataExceptionReporter"

# The public's personal data is encrypted at rest (privacy/). A comma-separated
# list of Fernet keys: the first encrypts, all decrypt (rotation: put a new key first, run
# `manage.py reencrypt_personal_data`, then drop the old one). FIELD_HASH_KEY keys the digests
# used to find a value without decrypting. Production refuses these development defaults.
DEV_FIELD_ENCRYPTION_KEY = "G0WgUOJFzRMJhxaBN8nGEWNRc0ODXtZJDjda7Z2m7nc="
DEV_FIELD_HASH_KEY = "dev-only-field-hash-key-never-in-production"
FIELD_ENCRYPTION_KEY = env.list("FIELD_ENCRYPTION_KEY", default=[DEV_FIELD_ENCRYPTION_KEY])
FIELD_HASH_KEY = env("FIELD_HASH_KEY", default=DEV_FIELD_HASH_KEY)

PRODUCT_NAME = _("广州市政协委员进社区履职平台")

# Where the public reaches the product: printed notices carry it as a QR code
# (规范 第八条, 规范 第九条), messages as links (core/links.py). Unset, links follow the host
# and port a request came to, and a worker's jobs use SERVED_BASE_URL, the address served
# (`make run` sets it from its HOST and PORT).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="")
SERVED_BASE_URL = env("SERVED_BASE_URL", default="") or "http://127.0.0.1:8000"

# Content-Security-Policy (django-csp 4), in every environment so tests see what production
# sends: scripts and styles only from our own static files, never inline (no <script> blocks,
# no style="" or on*="" attributes). htmx is told not to inject its <style> (base.html).
# Exactly these attribute values of third-party admin templates are allowed by hash
# (simple-history's history list; django-import-export's export form), nothing else.
THIRD_PARTY_INLINE_STYLES = [
    "'unsafe-hashes'",
    "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",  # border-top: 0
    "'sha256-mHgUAqxc8GPXM/QhzkHrHujcrQTU9fd6ZjWz+icxKcA='",  # padding: 0;
    "'sha256-+YWRMZ88jMyO7jVlBA52tZADiPobPIUA8LAWee68Fvs='",  # font-weight: bold;
]
THIRD_PARTY_INLINE_HANDLERS = [
    "'unsafe-hashes'",
    "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",  # onSelectToggleChange(event)
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *THIRD_PARTY_INLINE_HANDLERS],
        "style-src": [SELF, *THIRD_PARTY_INLINE_STYLES],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
