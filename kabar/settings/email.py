"""E-mail: how Kabar's mail goes out (readers' verification and password resets, staff notifications).

README.md ("Configuration") variables read here: KABAR_EMAIL_BACKEND, KABAR_EMAIL_FILE_PATH,
KABAR_EMAIL_HOST, KABAR_EMAIL_PORT, KABAR_EMAIL_HOST_USER, KABAR_EMAIL_HOST_PASSWORD,
KABAR_EMAIL_USE_TLS, KABAR_EMAIL_USE_SSL, KABAR_EMAIL_TIMEOUT and KABAR_DEFAULT_FROM_EMAIL
(KABAR_DATA_DIR and KABAR_SITE_NAME, read in base.py, give the defaults of the mail folder and sender).

A mail provider's API instead of SMTP, through django-anymail: KABAR_EMAIL_BACKEND names the provider
(`mailgun`, `postmark`, `brevo`, `amazon_ses`, ... or anymail's full backend path), and every
KABAR_ANYMAIL_<NAME> variable becomes anymail's setting <NAME> (KABAR_ANYMAIL_MAILGUN_API_KEY,
KABAR_ANYMAIL_WEBHOOK_SECRET, KABAR_ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY, ...), so any provider anymail
supports is configured without a change here. KABAR_NEWSLETTER_SOFT_BOUNCES: temporary bounces in a row
before a newsletter address is suppressed (3).
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from kabar.settings.base import DATA_DIR, SITE_NAME, env_bool

# E-mail: printed on the console unless an SMTP server (KABAR_EMAIL_HOST) or another backend is named.
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
# The providers anymail sends through (anymail.backends.<name>.EmailBackend), by their short names.
ANYMAIL_PROVIDERS = (
    "amazon_ses",
    "brevo",
    "mailersend",
    "mailgun",
    "mailjet",
    "mailtrap",
    "mandrill",
    "postal",
    "postmark",
    "resend",
    "sendgrid",
    "sparkpost",
    "unisender_go",
)
EMAIL_BACKENDS.update({name: f"anymail.backends.{name}.EmailBackend" for name in ANYMAIL_PROVIDERS})
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

# anymail's settings, from the environment: KABAR_ANYMAIL_WEBHOOK_SECRET="user:pass" is the basic-auth
# secret the providers' tracking webhooks must send (several, comma-separated, while one is rotated).
ANYMAIL: dict[str, object] = {
    name.removeprefix("KABAR_ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("KABAR_ANYMAIL_") and value
}
if "WEBHOOK_SECRET" in ANYMAIL:
    ANYMAIL["WEBHOOK_SECRET"] = [part.strip() for part in str(ANYMAIL["WEBHOOK_SECRET"]).split(",") if part.strip()]

# Newsletters: an address whose mail bounced temporarily this many times in a row (no delivery in
# between) is suppressed like a hard bounce.
KABAR_NEWSLETTER_SOFT_BOUNCES = int(os.environ.get("KABAR_NEWSLETTER_SOFT_BOUNCES", 3))
