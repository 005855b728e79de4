"""What every Kabar process needs: the environment helpers, paths, the secret key, debug and the
production refusals, the site's address and name, apps, middleware, templates, language and time,
security headers and the content security policy, the client address behind proxies, and logging.

README.md ("Configuration") variables read here: KABAR_DATA_DIR, KABAR_SECRET_KEY, KABAR_DEBUG,
KABAR_ENV, KABAR_ALLOWED_HOSTS, KABAR_BASE_URL (by default KABAR_HOST and PORT, the address served),
KABAR_ALLOW_HTTP_BASE_URL, KABAR_SITE_NAME,
KABAR_TIME_ZONE, KABAR_HSTS_SECONDS, KABAR_HSTS_PRELOAD, KABAR_SSL_REDIRECT, KABAR_FORWARDED_ALLOW_IPS
and KABAR_LOG_LEVEL (and the old KABAR_TRUSTED_PROXY_COUNT, only to refuse it).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# The kabar package (templates, locale) and the checkout around it.
BASE_DIR = Path(__file__).resolve().parent.parent
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
# Only the tests' settings (kabar/settings/testing.py) turn it on; code may read settings.TESTING.
TESTING = False

if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("KABAR_DEBUG must be off when KABAR_ENV=production.")
if PRODUCTION and (SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 40):
    raise ImproperlyConfigured("Set KABAR_SECRET_KEY to a long random value when KABAR_ENV=production.")

ALLOWED_HOSTS = env_list("KABAR_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")


def served_base_url() -> str:
    """The address `kabar serve` answers on, from the KABAR_HOST and PORT it (and `make serve`) sets.

    Without KABAR_BASE_URL, feeds, sitemaps, canonical links and mails name the server actually
    running: `make serve PORT=8001` links to 8001, not to the default 8000. A server bound to every
    interface (0.0.0.0, ::) is named by its loopback address; name it for others with KABAR_BASE_URL.
    """
    host = os.environ.get("KABAR_HOST", "").strip() or "127.0.0.1"
    if host in {"0.0.0.0", "::", "[::]"}:  # noqa: S104 - a name for the bound address, nothing is bound here
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    port = os.environ.get("PORT", "").strip() or "8000"
    return f"http://{host}:{port}"


BASE_URL = (os.environ.get("KABAR_BASE_URL", "").strip() or served_base_url()).rstrip("/")
# In production the base URL is where readers log in and editors work: over plain http their
# passwords and session cookies cross the network readable. A site on a private network may say so.
if PRODUCTION and not BASE_URL.startswith("https://") and not env_bool("KABAR_ALLOW_HTTP_BASE_URL"):
    raise ImproperlyConfigured(
        "KABAR_BASE_URL must start with https:// when KABAR_ENV=production "
        "(set KABAR_ALLOW_HTTP_BASE_URL=1 only for a site on a private network)."
    )
WAGTAILADMIN_BASE_URL = BASE_URL
CSRF_TRUSTED_ORIGINS = [BASE_URL] if BASE_URL.startswith("http") else []
SITE_NAME = os.environ.get("KABAR_SITE_NAME", "Kabar")
WAGTAIL_SITE_NAME = SITE_NAME

INSTALLED_APPS = [
    # Kabar, from the bottom layer up (see docs/architecture.md).
    "kabar.core",
    "kabar.delivery",
    "kabar.operations",
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
    "kabar.pages",
    "kabar.live",
    "kabar.newsletters",
    "kabar.demo",
    # Reader and staff accounts (django-allauth): everyone logs in at /akun/login/, staff with two factors.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    # Staff two-factor (TOTP, recovery codes, WebAuthn passkeys) and "log out other sessions".
    "allauth.mfa",
    "allauth.usersessions",
    # Always installed, shown only once KABAR_GOOGLE_* / KABAR_FACEBOOK_* give them a client (accounts.py).
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    # Wagtail
    "wagtail.contrib.redirects",
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
    "kabar.delivery.pagecache.serving.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kabar.core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # Below CSP: a page showing a third-party ad tag widens that page's policy alone.
    "kabar.delivery.slots.SlotCspMiddleware",
    # The page variant ("reader" or "member") from the signed kabar_plus cookie; see docs/decisions/0005.
    "kabar.delivery.variants.VariantMiddleware",
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

# A publication may run without some feature apps (docs/decisions/0008-the-seam.md): their models,
# pages, URLs, jobs and slots go, and so does any middleware or setting of theirs.
FEATURE_APPS = [
    "newsroom",
    "wire",
    "api",
    "readers",
    "comments",
    "alerts",
    "membership",
    "ads",
    "pages",
    "live",
    "newsletters",
]
KABAR_WITHOUT_APPS = env_list("KABAR_WITHOUT_APPS")
if set(KABAR_WITHOUT_APPS) - set(FEATURE_APPS):
    raise ImproperlyConfigured(
        f"KABAR_WITHOUT_APPS names {sorted(set(KABAR_WITHOUT_APPS) - set(FEATURE_APPS))}; "
        f"only feature apps can be left out: {', '.join(FEATURE_APPS)}."
    )
_left_out = tuple(f"kabar.{app}" for app in KABAR_WITHOUT_APPS)
INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in _left_out]
MIDDLEWARE = [entry for entry in MIDDLEWARE if not entry.startswith(tuple(f"{app}." for app in _left_out))]

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

# Language and time: the public site is in Indonesian whatever the browser asks for (no
# LocaleMiddleware); the Wagtail admin follows each staff member's own language preference.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
# Kabar's own catalogue first; then Kabar's Indonesian for Wagtail: Wagtail ships "id_ID", which Django never
# finds for "id" (tools/wagtail_catalogue.py builds it from Wagtail's and the newsroom's translations).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "core" / "locale_wagtail"]
TIME_ZONE = os.environ.get("KABAR_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE, "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]

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
# scripts and styles of its own, so it is excluded here and gets its own policy below.
EMBED_FRAME_SOURCES = ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": EMBED_FRAME_SOURCES,
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# The admin's own policy (kabar/core/middleware.py). Wagtail's admin still writes some scripts and
# styles inline (wagtail/wagtail#1288), so they are allowed there; everything else is held as tightly
# as on public pages: no script or style from another site, no plugins, no <base> hijack, forms post
# only here, and nobody else may frame the admin.
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "media-src": ["'self'", "blob:"],
    "frame-src": ["'self'", *EMBED_FRAME_SOURCES],
    "worker-src": ["'self'", "blob:"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

# Our proxies (addresses or networks): only from them is X-Forwarded-For believed, for the client's
# address everywhere (rate limits, comments, the audit log: kabar/core/clients.py).
KABAR_FORWARDED_ALLOW_IPS = env_list("KABAR_FORWARDED_ALLOW_IPS", "127.0.0.1")
if os.environ.get("KABAR_TRUSTED_PROXY_COUNT", "").strip() not in {"", "0"}:
    # Silently ignored, it would leave every reader behind the proxy sharing one rate limit.
    raise ImproperlyConfigured(
        "KABAR_TRUSTED_PROXY_COUNT is gone: list your proxies' addresses in KABAR_FORWARDED_ALLOW_IPS instead."
    )

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
