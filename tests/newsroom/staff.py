"""Staff accounts as they log in now: at /akun/login/ (django-allauth), with a verified address and maybe a TOTP app."""

from __future__ import annotations

import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils import timezone

from tests import factories


def staff(username: str, group: str | None, **kwargs) -> User:
    """A newsroom account whose address is verified (as after its first login through allauth)."""
    user = factories.staff(username, group, **kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def give_totp(user: User) -> str:
    """An authenticator app for the account; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def code_for(secret: str) -> str:
    """The code the authenticator app shows now (a code from a window about to close waits for the next)."""
    now = timezone.now().timestamp()
    if mfa_settings.TOTP_PERIOD - now % mfa_settings.TOTP_PERIOD < 2:
        time.sleep(2)
        now = timezone.now().timestamp()
    counter = int(now) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def forget_used_codes() -> None:
    """allauth refuses a TOTP code used once (replay); a second login in the same 30 s needs a fresh window."""
    cache.clear()


def password_login(client, user: User, next_url: str = "/admin/", password: str = factories.STAFF_PASSWORD, **extra):
    return client.post(f"/akun/login/?next={next_url}", {"login": user.email, "password": password}, **extra)


def full_login(client, user: User, secret: str | None = None, next_url: str = "/admin/"):
    """Password, then (if the account has one) the authenticator code; returns the last response."""
    response = password_login(client, user, next_url)
    assert response.status_code == 302, response.content.decode()[:2000]
    if secret is None:
        return response
    assert response["Location"].startswith("/akun/2fa/authenticate/"), response["Location"]
    response = client.post("/akun/2fa/authenticate/", {"code": code_for(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def reauthenticate(client, password: str = factories.STAFF_PASSWORD) -> None:
    """Enter the password again, as allauth asks before adding or removing an authenticator."""
    response = client.post("/akun/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
