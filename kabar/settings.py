"""Kabar's settings. Every value that differs between machines comes from the environment.

The environment variables are documented in README.md ("Configuration").
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("KABAR_DATA_DIR", PROJECT_DIR / "var")).resolve()

INSECURE_SECRET_KEY = "kabar-insecure-development-key-do-not-use-in-production"  # noqa: S105 - refused in production
SECRET_KEY = os.environ.get("KABAR_SECRET_KEY", INSECURE_SECRET_KEY)
DEBUG = env_bool("KABAR_DEBUG", False)
# KABAR_ENV=production turns on the refusals below; development keeps the friendly defaults.
PRODUCTION = os.environ.get("KABAR_ENV", "development").lower() == "production"
TESTING = env_bool("KABAR_TESTING", False)

if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("KABAR_DEBUG must be off when KABAR_ENV=production.")
if PRODUCTION and (SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 40):
    raise ImproperlyConfigured("Set KABAR_SECRET_KEY to a long random value when KABAR_ENV=production.")

ALLOWED_HOSTS = env_list("KABAR_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
BASE_URL = os.environ.get("KABAR_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
CSRF_TRUSTED_ORIGINS = [BASE_URL] if BASE_URL.startswith("http") else []
SITE_NAME = os.environ.get("KABAR_SITE_NAME", "Kabar")
WAGTAIL_SITE_NAME = SITE_NAME

INSTALLED_APPS = [
    # Kabar, from the bottom layer up (see docs/architecture.md).
    "kabar.core",
    "kabar.people",
    "kabar.sources",
    "kabar.articles",
    "kabar.newsroom",
    "kabar.wire",
    "kabar.api",
    "kabar.readers",
    "kabar.comments",
    "kabar.alerts",
    "kabar.demo",
    # Reader accounts (django-allauth); staff log in through the Wagtail admin's own login.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    # Wagtail
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kabar.core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "kabar.urls"
WSGI_APPLICATION = "kabar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "kabar.core.context_processors.site",
                "kabar.articles.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite under KABAR_DATA_DIR unless DATABASE_URL names another.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'kabar.sqlite3'}"
if not os.environ.get("DATABASE_URL"):
    # The embedded default must work from a bare checkout: `kabar migrate` makes its own home.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the worker writes; IMMEDIATE avoids lock upgrades that fail.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
            "PRAGMA cache_size=-32000; PRAGMA mmap_size=268435456;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and task queue: local memory and the database unless REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL and TESTING:
    # Each pytest-xdist process gets a Redis database of its own: cache.clear() is FLUSHDB.
    worker_number = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
    REDIS_URL = re.sub(r"(/\d*)?$", f"/{worker_number + 1}", REDIS_URL.rstrip("/"), count=1)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("KABAR_CACHE_PREFIX", "kabar"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kabar"}}

# Tests run tasks (such as search-index updates) inline, as there is no worker beside them.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("KABAR_TASKS_IMMEDIATE", TESTING)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: the public site is in Indonesian whatever the browser asks for (no
# LocaleMiddleware); the Wagtail admin follows each staff member's own language preference.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("KABAR_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE, "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("KABAR_MEDIA_DIR", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600

# Wagtail
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Stems are made by Kabar (Sastrawi) before indexing, so PostgreSQL must not stem again.
        "SEARCH_CONFIG": "simple",
        "AUTO_UPDATE": True,
    }
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would send staff e-mail hashes to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_AUTO_UPDATE_PREVIEW = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "webp", "bmp": "webp", "png": "png", "gif": "gif"}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILAPI_BASE_URL = BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILAPI_SEARCH_ENABLED = True
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
# Readers log in at /akun/login/ (django-allauth); the Wagtail admin keeps its own login page.
LOGIN_URL = "account_login"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# Security
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
HTTPS = BASE_URL.startswith("https://")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_HSTS_SECONDS = int(os.environ.get("KABAR_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("KABAR_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("KABAR_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Wagtail's live preview shows the page in a same-origin frame, so SAMEORIGIN rather than DENY;
# public pages forbid framing by others through CSP frame-ancestors. HSTS preload is a commitment
# that is hard to undo, so it is the operator's choice (KABAR_HSTS_PRELOAD), not a default.
SILENCED_SYSTEM_CHECKS = ["security.W019", "security.W021"]
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# Public pages carry a strict policy with no 'unsafe-inline'. The Wagtail admin relies on inline
# scripts and styles of its own, so it alone is excluded; it sits behind a login.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# E-mail: console unless KABAR_EMAIL_URL-style settings are given.
EMAIL_BACKEND = os.environ.get("KABAR_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("KABAR_DEFAULT_FROM_EMAIL", f"{SITE_NAME} <redaksi@localhost>")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KABAR_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

# How often the worker's clock runs scheduled publishing and flushes page-view counts (seconds).
KABAR_SCHEDULER_INTERVAL = int(os.environ.get("KABAR_SCHEDULER_INTERVAL", 60))
KABAR_PAGEVIEW_FLUSH_SECONDS = int(os.environ.get("KABAR_PAGEVIEW_FLUSH_SECONDS", 10))

# The wire desk: what one fetched or dropped document may weigh, how long a fetch may take,
# and how many feeds one poll cycle fetches at once.
KABAR_WIRE_MAX_BYTES = int(os.environ.get("KABAR_WIRE_MAX_BYTES", 20 * 1024 * 1024))
KABAR_WIRE_FETCH_TIMEOUT = float(os.environ.get("KABAR_WIRE_FETCH_TIMEOUT", 10))
KABAR_WIRE_POLL_WORKERS = int(os.environ.get("KABAR_WIRE_POLL_WORKERS", 4))

# Periodic jobs the worker's clock runs, each under a lease: (dotted path, seconds).
KABAR_PERIODIC_JOBS = [
    ("kabar.newsroom.services.publish_due_articles", KABAR_SCHEDULER_INTERVAL),
    ("kabar.articles.services.prune_page_view_buckets", 3600),
    ("kabar.wire.services.poll_due_feeds", 30),
]
