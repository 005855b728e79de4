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
    "kabar.membership",
    "kabar.ads",
    "kabar.demo",
    # Reader and staff accounts (django-allauth): everyone logs in at /akun/login/, staff with two factors.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    # Staff two-factor (TOTP, recovery codes, WebAuthn passkeys) and "log out other sessions".
    "allauth.mfa",
    "allauth.usersessions",
    # Always installed, shown only once KABAR_GOOGLE_* / KABAR_FACEBOOK_* give them a client (see below).
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
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
    # allauth's sessions page ("Log out other sessions") formats its times with it.
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: a cached page is answered with the headers every middleware below gave it when it was
    # rendered (docs/decisions/0004-page-caching.md). kabar/wsgi.py answers fresh ones even earlier.
    "kabar.core.pagecache.serving.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kabar.core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # Below CSP: a page showing a third-party ad tag widens that page's policy alone.
    "kabar.core.slots.SlotCspMiddleware",
    # The page variant ("reader" or "member") from the signed kabar_plus cookie; see docs/decisions/0005.
    "kabar.core.variants.VariantMiddleware",
    # Before sessions: it sees the session cookie login and logout set (see its docstring).
    "kabar.readers.middleware.ReaderSessionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    # Staff only, on /admin/ and /akun/: idle sessions end, required two-factor enrolment is enforced.
    "kabar.newsroom.middleware.StaffSecurityMiddleware",
    "kabar.membership.middleware.MemberCookieMiddleware",
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
                "kabar.alerts.context_processors.breaking_news",
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
        # Each request has its own connection, so the page cache and the mapping last one request:
        # both count in a worker's resident memory, once per thread (docs/benchmarks.md, part 6).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
            f"PRAGMA cache_size=-{int(os.environ.get('KABAR_SQLITE_CACHE_MB', 32)) * 1024}; "
            f"PRAGMA mmap_size={int(os.environ.get('KABAR_SQLITE_MMAP_MB', 256)) * 1024 * 1024};"
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
# /admin/login/ is Kabar's (kabar/newsroom/views.py): it sends staff to /akun/login/, the one login,
# which asks for the second factor; Wagtail's password-only login and password reset are not used.
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
LOGIN_URL = "account_login"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# The admin's login form refuses reader accounts instead of logging them in to a "no permission" page.
WAGTAILADMIN_USER_LOGIN_FORM = "kabar.readers.forms.NewsroomLoginForm"
LOGIN_REDIRECT_URL = "readers:account"
ACCOUNT_ADAPTER = "kabar.readers.adapters.ReaderAccountAdapter"
SOCIALACCOUNT_ADAPTER = "kabar.readers.adapters.ReaderSocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "kabar.readers.forms.ReaderSignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if BASE_URL.startswith("https://") else "http"
# Two-factor for staff (required for Redaktur and Admin: kabar/newsroom/security.py); readers may enrol too.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = SITE_NAME
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not BASE_URL.startswith("https://")
# ACCOUNT_RATE_LIMITS keeps allauth's defaults (login failures: 5 per address in 5 minutes, 10 a minute
# per client; sign-ups, password resets). Known and unknown addresses get the same answers.
ACCOUNT_PREVENT_ENUMERATION = True
# Staff accounts (kabar/newsroom/security.py, docs/decisions/0006-staff-two-factor.md): who must use
# two-factor login, the days they have to enrol, and how long a staff session may sit idle.
KABAR_STAFF_MFA_REQUIRED_GROUPS = env_list("KABAR_STAFF_MFA_REQUIRED_GROUPS", "Redaktur,Admin")
KABAR_STAFF_MFA_GRACE_DAYS = int(os.environ.get("KABAR_STAFF_MFA_GRACE_DAYS", 7))
KABAR_STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("KABAR_STAFF_SESSION_IDLE_MINUTES", 60))


def social_login_apps(provider: str) -> list[dict[str, str]]:
    """A provider's client from KABAR_<PROVIDER>_CLIENT_ID and _SECRET; none (login hidden) when unset."""
    client_id = os.environ.get(f"KABAR_{provider}_CLIENT_ID", "").strip()
    secret = os.environ.get(f"KABAR_{provider}_CLIENT_SECRET", "").strip()
    if bool(client_id) != bool(secret):
        raise ImproperlyConfigured(
            f"Set both KABAR_{provider}_CLIENT_ID and KABAR_{provider}_CLIENT_SECRET, or neither."
        )
    return [{"client_id": client_id, "secret": secret, "key": ""}] if client_id else []


SOCIALACCOUNT_PROVIDERS = {
    # Google verifies the addresses it gives, so its login may open an existing account with the same address.
    "google": {"APPS": social_login_apps("GOOGLE"), "SCOPE": ["profile", "email"], "EMAIL_AUTHENTICATION": True},
    # Facebook's addresses are not known to be verified: Kabar sends its own verification mail.
    "facebook": {"APPS": social_login_apps("FACEBOOK"), "METHOD": "oauth2", "SCOPE": ["email", "public_profile"]},
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# Other apps' hooks into a reader's data (download, account deletion): see kabar/readers/services.py.
KABAR_READER_DATA_EXPORTERS: list[str] = [
    "kabar.comments.services.export_reader_data",
    "kabar.membership.services.export_reader_data",
]
KABAR_READER_DELETION_HANDLERS: list[str] = [
    "kabar.comments.services.forget_reader",
    "kabar.membership.services.forget_reader",
]
KABAR_READING_HISTORY_KEPT = int(os.environ.get("KABAR_READING_HISTORY_KEPT", 200))
KABAR_AVATAR_MAX_BYTES = 5 * 1024 * 1024

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

# E-mail: printed on the console unless an SMTP server (KABAR_EMAIL_HOST) or another backend is named.
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_HOST = os.environ.get("KABAR_EMAIL_HOST", "")
_email_backend = os.environ.get("KABAR_EMAIL_BACKEND") or ("smtp" if EMAIL_HOST else "console")
EMAIL_BACKEND = EMAIL_BACKENDS.get(_email_backend, _email_backend)
if _email_backend in ("smtp", EMAIL_BACKENDS["smtp"]) and not EMAIL_HOST:
    raise ImproperlyConfigured("KABAR_EMAIL_BACKEND=smtp needs KABAR_EMAIL_HOST.")
EMAIL_FILE_PATH = os.environ.get("KABAR_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_PORT = int(os.environ.get("KABAR_EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("KABAR_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KABAR_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = env_bool("KABAR_EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("KABAR_EMAIL_USE_TLS", not EMAIL_USE_SSL)
if EMAIL_USE_SSL and EMAIL_USE_TLS:
    raise ImproperlyConfigured("KABAR_EMAIL_USE_TLS (STARTTLS) and KABAR_EMAIL_USE_SSL cannot both be on.")
EMAIL_TIMEOUT = int(os.environ.get("KABAR_EMAIL_TIMEOUT", 10))
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

# Web Push alerts: the VAPID key pair (made once and kept in the database when not given here),
# the contact the push services see, which push endpoints readers' browsers may register (the
# known push services always; these URL prefixes too, such as a local push service), and how many
# pushes one worker has in flight at once.
KABAR_VAPID_PUBLIC_KEY = os.environ.get("KABAR_VAPID_PUBLIC_KEY", "").strip()
KABAR_VAPID_PRIVATE_KEY = os.environ.get("KABAR_VAPID_PRIVATE_KEY", "").strip()
KABAR_VAPID_SUBJECT = os.environ.get("KABAR_VAPID_SUBJECT", "").strip()
KABAR_PUSH_ENDPOINT_ALLOW = env_list("KABAR_PUSH_ENDPOINT_ALLOW")
KABAR_PUSH_CONCURRENCY = int(os.environ.get("KABAR_PUSH_CONCURRENCY", 100))
KABAR_PUSH_TIMEOUT = float(os.environ.get("KABAR_PUSH_TIMEOUT", 10))
# One worker task sends for this long, then queues the rest: a restart never waits longer.
KABAR_PUSH_SLICE_SECONDS = float(os.environ.get("KABAR_PUSH_SLICE_SECONDS", 10))
KABAR_PUSH_BATCH_SIZE = int(os.environ.get("KABAR_PUSH_BATCH_SIZE", 500))
# Subscriptions (and topic changes) one client address may post per minute.
KABAR_PUSH_SUBSCRIBE_RATE = int(os.environ.get("KABAR_PUSH_SUBSCRIBE_RATE", 20))

# Comments: the longest a comment may be (characters).
KABAR_COMMENT_MAX_LENGTH = int(os.environ.get("KABAR_COMMENT_MAX_LENGTH", 2000))

# Our proxies (addresses or networks): only from them is X-Forwarded-For believed, for the client's
# address everywhere (rate limits, comments, the audit log: kabar/core/clients.py).
KABAR_FORWARDED_ALLOW_IPS = env_list("KABAR_FORWARDED_ALLOW_IPS", "127.0.0.1")
if os.environ.get("KABAR_TRUSTED_PROXY_COUNT", "").strip() not in {"", "0"}:
    # Silently ignored, it would leave every reader behind the proxy sharing one rate limit.
    raise ImproperlyConfigured(
        "KABAR_TRUSTED_PROXY_COUNT is gone: list your proxies' addresses in KABAR_FORWARDED_ALLOW_IPS instead."
    )

# Days an article stays in the bin ("Tempat sampah") before the worker deletes it for good.
KABAR_BIN_DAYS = int(os.environ.get("KABAR_BIN_DAYS", 30))

# Whole-page cache and purge (docs/decisions/0004-page-caching.md). Kabar keeps each public page,
# once per variant (reader, member), for KABAR_PAGE_CACHE_SECONDS, then serves it stale while one
# request renders it again, or while the database is down (up to KABAR_CACHE_STALE_IF_ERROR).
KABAR_PAGE_CACHE_ENABLED = env_bool("KABAR_PAGE_CACHE", True)
KABAR_PAGE_CACHE_SECONDS = int(os.environ.get("KABAR_PAGE_CACHE_SECONDS", 60))
KABAR_PAGE_CACHE_MAX_MB = int(os.environ.get("KABAR_PAGE_CACHE_MAX_MB", 512))
# Without Redis the pages are in an SQLite file of their own, shared by the machine's processes and
# readable while the site's database is down. Each test process gets a temporary one (None).
KABAR_PAGE_CACHE_PATH = None if TESTING else DATA_DIR / "pagecache.sqlite3"
# What browsers (max-age) and shared caches in front (s-maxage) may keep: browsers cannot be
# purged, so they revalidate every time (a 304 when nothing changed); Varnish and CDNs are purged.
KABAR_CACHE_MAX_AGE = int(os.environ.get("KABAR_CACHE_MAX_AGE", 0))
KABAR_CACHE_S_MAXAGE = int(os.environ.get("KABAR_CACHE_S_MAXAGE", 300))
KABAR_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("KABAR_CACHE_STALE_WHILE_REVALIDATE", 30))
KABAR_CACHE_STALE_IF_ERROR = int(os.environ.get("KABAR_CACHE_STALE_IF_ERROR", 86400))
KABAR_SURROGATE_KEY_HEADERS = env_list("KABAR_SURROGATE_KEY_HEADERS", "xkey,Surrogate-Key,Cache-Tag")
# Front caches purged by key from the worker: Varnish with xkey (deploy/varnish/), Cloudflare by cache tag.
KABAR_VARNISH_URLS = env_list("KABAR_VARNISH_URLS")
KABAR_CLOUDFLARE_ZONE_ID = os.environ.get("KABAR_CLOUDFLARE_ZONE_ID", "")
KABAR_CLOUDFLARE_API_TOKEN = os.environ.get("KABAR_CLOUDFLARE_API_TOKEN", "")
KABAR_CLOUDFLARE_API_URL = os.environ.get("KABAR_CLOUDFLARE_API_URL", "https://api.cloudflare.com/client/v4")
KABAR_PURGE_ATTEMPTS = int(os.environ.get("KABAR_PURGE_ATTEMPTS", 6))
KABAR_PURGE_TIMEOUT = float(os.environ.get("KABAR_PURGE_TIMEOUT", 5))

# Periodic jobs the worker's clock runs, each under a lease: (dotted path, seconds).
KABAR_PERIODIC_JOBS = [
    ("kabar.newsroom.services.publish_due_articles", KABAR_SCHEDULER_INTERVAL),
    ("kabar.articles.services.prune_page_view_buckets", 3600),
    ("kabar.wire.services.poll_due_feeds", 30),
    ("kabar.newsroom.services.purge_expired_bin", 3600),
    ("kabar.alerts.services.resume_alerts", 15),
    ("kabar.alerts.services.end_breaking_banners", 30),
    ("kabar.alerts.services.prune_deliveries", 3600),
    ("kabar.membership.services.expire_memberships", 300),
    ("kabar.ads.services.purge_when_schedules_change", 60),
]

# Kabar+ (membership) and ads; see README.md ("Configuration") and docs/architecture.md.
# The gateway new checkouts use: sandbox (the default outside production), midtrans or xendit.
KABAR_PAYMENT_GATEWAY = os.environ.get("KABAR_PAYMENT_GATEWAY", "" if PRODUCTION else "sandbox").strip().lower()
KABAR_PAYMENT_TIMEOUT = float(os.environ.get("KABAR_PAYMENT_TIMEOUT", 10))
KABAR_MIDTRANS_SERVER_KEY = os.environ.get("KABAR_MIDTRANS_SERVER_KEY", "")
KABAR_MIDTRANS_CLIENT_KEY = os.environ.get("KABAR_MIDTRANS_CLIENT_KEY", "")
KABAR_MIDTRANS_PRODUCTION = env_bool("KABAR_MIDTRANS_PRODUCTION", False)
KABAR_MIDTRANS_SNAP_URL = os.environ.get(
    "KABAR_MIDTRANS_SNAP_URL",
    "https://app.midtrans.com" if KABAR_MIDTRANS_PRODUCTION else "https://app.sandbox.midtrans.com",
)
KABAR_MIDTRANS_API_URL = os.environ.get(
    "KABAR_MIDTRANS_API_URL",
    "https://api.midtrans.com" if KABAR_MIDTRANS_PRODUCTION else "https://api.sandbox.midtrans.com",
)
KABAR_XENDIT_SECRET_KEY = os.environ.get("KABAR_XENDIT_SECRET_KEY", "")
KABAR_XENDIT_CALLBACK_TOKEN = os.environ.get("KABAR_XENDIT_CALLBACK_TOKEN", "")
KABAR_XENDIT_API_URL = os.environ.get("KABAR_XENDIT_API_URL", "https://api.xendit.co")
KABAR_SANDBOX_SERVER_KEY = os.environ.get("KABAR_SANDBOX_SERVER_KEY", "")
KABAR_PLUS_GRACE_DAYS = int(os.environ.get("KABAR_PLUS_GRACE_DAYS", 3))
KABAR_PLUS_COOKIE_MAX_AGE = int(os.environ.get("KABAR_PLUS_COOKIE_MAX_AGE", 7 * 24 * 3600))
KABAR_AD_FLUSH_SECONDS = int(os.environ.get("KABAR_AD_FLUSH_SECONDS", KABAR_PAGEVIEW_FLUSH_SECONDS))
