"""E-mail: how Kabar's mail goes out (readers' verification and password resets, staff notifications).

README.md ("Configuration") variables read here: KABAR_EMAIL_BACKEND, KABAR_EMAIL_FILE_PATH,
KABAR_EMAIL_HOST, KABAR_EMAIL_PORT, KABAR_EMAIL_HOST_USER, KABAR_EMAIL_HOST_PASSWORD,
KABAR_EMAIL_USE_TLS, KABAR_EMAIL_USE_SSL, KABAR_EMAIL_TIMEOUT and KABAR_DEFAULT_FROM_EMAIL
(KABAR_DATA_DIR and KABAR_SITE_NAME, read in base.py, give the defaults of the mail folder and sender).
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
