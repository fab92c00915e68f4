"""EveryReader settings, driven by EVERYREADER_* environment variables (see docs/operations.md)."""

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(f"EVERYREADER_{name}", default)


def env_bool(name, default):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(env("DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

TESTING = "pytest" in sys.modules
DEBUG = env_bool("DEBUG", False)

# A development-only key is used when none is configured; `check --deploy` flags it.
SECRET_KEY = env("SECRET_KEY") or "django-insecure-everyreader-development-only-key-change-me"
DEV_FIELD_ENCRYPTION_KEY = "everyreader-development-only-field-key"
# Comma-separated: the first key encrypts, every key decrypts (rotation: docs/operations.md).
FIELD_ENCRYPTION_KEYS = [
    k.strip() for k in (env("FIELD_ENCRYPTION_KEY") or DEV_FIELD_ENCRYPTION_KEY).split(",") if k.strip()
]

ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "everyreader.core",
    "everyreader.accounts",
    "everyreader.readers",
    "everyreader.messaging",
    "everyreader.search",
    "everyreader.programs",
    "everyreader.catalog",
    "everyreader.surveys",
    "everyreader.feedback",
    "everyreader.circulation",
    "everyreader.outreach",
    "everyreader.assistance",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "everyreader.core.middleware.RequestContextMiddleware",
    "everyreader.core.middleware.DisplayPreferencesMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "everyreader.config.urls"
WSGI_APPLICATION = "everyreader.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "everyreader.core.context_processors.shell",
            ],
            "builtins": ["everyreader.core.templatetags.components"],
        },
    }
]

# --- database -----------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'everyreader.sqlite3'}"
# Connections are kept between requests for this many seconds (0 = a new one per request). Also on
# SQLite: each new connection parses the whole schema again, about 10 ms of CPU per request here
# (bench/RESULTS.md, circulation).
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(env("DB_CONN_MAX_AGE", "60")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer commits; IMMEDIATE avoids upgrade deadlocks.
        # A 64 MB page cache (default 2 MB) and memory-mapped reads keep the indexes of a
        # catalogue of 250,000 records in memory (search and MARC import; docs/search.md).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                        "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file, not memory: circulation's race tests need real connections from threads.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-everyreader.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "everyreader.accounts.backends.UsernameBackend",
    "everyreader.readers.backends.CardNumberBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:after_login"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Lock an account (per username, or per card) after repeated failures; no puzzles.
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "everyreader.accounts.views.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "everyreader.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- i18n -------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
LANGUAGE_COOKIE_NAME = "everyreader_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")

# MARC import: worker processes that parse, map and analyse records (1: none; empty: one per
# CPU when there are at least 2, at most 4)
CATALOG_IMPORT_WORKERS = int(env("IMPORT_WORKERS") or 0) or None
USE_TZ = True

# --- static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING or env_bool("STATIC_FROM_FINDERS", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING or env_bool("STATIC_FROM_FINDERS", False)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- e-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "EveryReader <noreply@library.example>")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))

# --- background tasks -------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING or env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "everyreader.accounts.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "everyreader.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "EveryReader API",
    "DESCRIPTION": "REST API of EveryReader, the inclusive library services platform.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `status` with different choices: name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "ProgrammeStatusEnum": "everyreader.programs.models.Programme.Status",
        "ProgrammeTaskStatusEnum": "everyreader.programs.models.Task.Status",
        "ProgrammeRiskStatusEnum": "everyreader.programs.models.Risk.Status",
        "ProgrammeMeetingStatusEnum": "everyreader.programs.models.Meeting.Status",
        "ProgrammeReportStatusEnum": "everyreader.programs.models.MonthlyReport.Status",
        "SurveyKindEnum": "everyreader.surveys.models.SurveyKind",
        "SurveyStatusEnum": "everyreader.surveys.models.SurveyStatus",
        "QuestionKindEnum": "everyreader.surveys.models.QuestionKind",
        "SurveyResponseStatusEnum": "everyreader.surveys.models.ResponseStatus",
        "FormatEnum": "everyreader.catalog.vocab.Format",
        "LoanChannelEnum": "everyreader.circulation.models.Channel",
        "FeedbackChannelEnum": "everyreader.feedback.models.Channel",
        "BookingChannelEnum": "everyreader.assistance.models.BookingChannel",
    },
}

# --- caches -----------------------------------------------------------------------------------
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "everyreader_cache",
    }
}
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}

EVERYREADER_SITE_NAME = _("EveryReader")

# Lock out by account, not by IP: a branch's public terminals share one address, and locking
# the IP would lock every reader in the building (docs/decisions/0002-sign-in-lockout.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Absolute links in e-mails and letters.
EVERYREADER_BASE_URL = env("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
EVERYREADER_SMS_PROVIDER = env("SMS_PROVIDER", "everyreader.messaging.sms.LoggingSmsProvider")

# Years a new or renewed library card is valid; 0 = cards never expire (readers/services.py).
EVERYREADER_CARD_VALID_YEARS = int(env("CARD_VALID_YEARS", "5"))
EVERYREADER_CARD_NOTICE_DAYS = int(env("CARD_NOTICE_DAYS", "30"))

# Circulation notices and loan privacy (docs/circulation.md).
EVERYREADER_DUE_SOON_DAYS = int(env("DUE_SOON_DAYS", "3"))
EVERYREADER_OVERDUE_SECOND_DAYS = int(env("OVERDUE_SECOND_DAYS", "14"))
EVERYREADER_LOAN_ANONYMISE_DAYS = int(env("LOAN_ANONYMISE_DAYS", "30"))
# Unpaid overdue fines from which a reader cannot borrow or place holds; 0 = never (circulation/fines.py).
EVERYREADER_FINE_BLOCK_AMOUNT = env("FINE_BLOCK_AMOUNT", "10.00")
# Days after its start date a booked assistive device waits to be collected (assistance/device_services.py).
EVERYREADER_DEVICE_PICKUP_DAYS = int(env("DEVICE_PICKUP_DAYS", "2"))
