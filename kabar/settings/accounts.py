"""Accounts: how staff and readers log in (one login, django-allauth, at /akun/login/), two factors,
Google and Facebook login, staff sessions, and what a reader's account keeps and may write.

README.md ("Configuration") variables read here: KABAR_STAFF_MFA_REQUIRED_GROUPS,
KABAR_STAFF_MFA_GRACE_DAYS, KABAR_STAFF_SESSION_IDLE_MINUTES, KABAR_GOOGLE_CLIENT_ID,
KABAR_GOOGLE_CLIENT_SECRET, KABAR_FACEBOOK_CLIENT_ID, KABAR_FACEBOOK_CLIENT_SECRET,
KABAR_READING_HISTORY_KEPT and KABAR_COMMENT_MAX_LENGTH (KABAR_BASE_URL and KABAR_SITE_NAME, read
in base.py, decide the links' protocol, passkeys' origin check and the mail subjects' prefix).
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from kabar.core.roles import Role
from kabar.settings.base import BASE_URL, INSTALLED_APPS, SITE_NAME, env_list

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# /admin/login/ is Kabar's (kabar/newsroom/views.py): it sends staff to /akun/login/, the one login,
# which asks for the second factor; Wagtail's password-only login and password reset are not used.
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
LOGIN_URL = "account_login"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_REDIRECT_URL = "/"
# allauth's rate limits key on Kabar's client address (kabar/core/clients.py), not the proxy's.
ACCOUNT_ADAPTER = "kabar.core.accounts.AccountAdapter"
# A sign-up with a taken address hashes the password as a new account does (no answer by timing).
ACCOUNT_FORMS = {"signup": "kabar.core.signup.SignupForm"}
if "kabar.readers" in INSTALLED_APPS:
    # The admin's login form refuses reader accounts instead of logging them in to a "no permission" page.
    WAGTAILADMIN_USER_LOGIN_FORM = "kabar.readers.forms.NewsroomLoginForm"
    LOGIN_REDIRECT_URL = "readers:account"
    ACCOUNT_ADAPTER = "kabar.readers.adapters.ReaderAccountAdapter"
    SOCIALACCOUNT_ADAPTER = "kabar.readers.adapters.ReaderSocialAccountAdapter"
    ACCOUNT_SIGNUP_FORM_CLASS = "kabar.readers.forms.ReaderSignupForm"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
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
# per client; sign-ups, password resets). A client is Kabar's client address, so one attacker behind
# the proxy locks out only themselves and the one account they try; the counts are shared by every
# web process (the "ratelimit" cache, kabar/core/ratelimit.py). Known and unknown addresses get the
# same answers.
ACCOUNT_PREVENT_ENUMERATION = True
# Staff accounts (kabar/newsroom/security.py, docs/decisions/0006-staff-two-factor.md): who must use
# two-factor login, the days they have to enrol, and how long a staff session may sit idle.
KABAR_STAFF_MFA_REQUIRED_GROUPS = env_list("KABAR_STAFF_MFA_REQUIRED_GROUPS", f"{Role.EDITOR},{Role.ADMIN}")
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
KABAR_READING_HISTORY_KEPT = int(os.environ.get("KABAR_READING_HISTORY_KEPT", 200))
KABAR_AVATAR_MAX_BYTES = 5 * 1024 * 1024
# Pictures decoded at once per web process (each up to about 70 MB); more uploads wait, then are asked to retry.
KABAR_AVATAR_CONCURRENCY = int(os.environ.get("KABAR_AVATAR_CONCURRENCY", 2))
# Profile saves (name, picture) per reader a minute, and per client address for all its readers together.
KABAR_PROFILE_RATE = int(os.environ.get("KABAR_PROFILE_RATE", 5))
KABAR_PROFILE_IP_RATE = int(os.environ.get("KABAR_PROFILE_IP_RATE", 30))

# Comments: the longest a comment may be (characters).
KABAR_COMMENT_MAX_LENGTH = int(os.environ.get("KABAR_COMMENT_MAX_LENGTH", 2000))
