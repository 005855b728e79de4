"""Staff account rules: who must log in with two factors, by when, and how long a staff session may idle.

Two-factor login itself (TOTP with recovery codes, WebAuthn passkeys) is django-allauth's MFA at
/akun/2fa/; staff log in through allauth's login (/akun/login/), the one login that asks for the
second factor. StaffSecurityMiddleware (kabar/newsroom/middleware.py) applies these rules.
See docs/decisions/0006-staff-two-factor.md.
"""

from __future__ import annotations

import datetime as dt

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from kabar.core.audit import is_staff_account
from kabar.newsroom.models import TwoFactorRequirement

# Recovery codes alone are not a second factor: they only stand in for a lost TOTP app or key.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def requires_two_factor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the account must use two-factor login: superusers and KABAR_STAFF_MFA_REQUIRED_GROUPS."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.KABAR_STAFF_MFA_REQUIRED_GROUPS).exists()


def has_two_factor(user: AbstractBaseUser) -> bool:
    """Whether the account has an authenticator app or a security key/passkey."""
    return is_mfa_enabled(user, types=SECOND_FACTORS)


def staff_mfa_deadline(user: AbstractBaseUser | AnonymousUser, now: dt.datetime | None = None) -> dt.datetime | None:
    """The moment after which the account may only enrol, or None when nothing is asked of it (any longer).

    The grace period counts from the first time Kabar saw the requirement apply to the account (its
    first request or login as a required account), recorded then and kept.
    """
    if not requires_two_factor(user) or has_two_factor(user):
        return None
    requirement, _created = TwoFactorRequirement.objects.get_or_create(
        user=user, defaults={"required_since": now or timezone.now()}
    )
    return requirement.required_since + dt.timedelta(days=settings.KABAR_STAFF_MFA_GRACE_DAYS)


def two_factor_overdue(user: AbstractBaseUser | AnonymousUser, now: dt.datetime | None = None) -> bool:
    """Required, not enrolled and past the grace period: the account may only enrol or log out."""
    now = now or timezone.now()
    deadline = staff_mfa_deadline(user, now)
    return deadline is not None and now >= deadline


def is_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A newsroom account (one that can open the Wagtail admin); readers are never held to these rules."""
    return bool(user.is_authenticated and is_staff_account(user))


def staff_session_idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=settings.KABAR_STAFF_SESSION_IDLE_MINUTES)


def staff_session_expired(last_seen: float | None, now: dt.datetime | None = None) -> bool:
    """Whether a staff session last used at `last_seen` (a Unix time) has been idle too long."""
    if last_seen is None:
        return False
    now = now or timezone.now()
    return now.timestamp() - last_seen > staff_session_idle_limit().total_seconds()
