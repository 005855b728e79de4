"""Signed links in the newsletters' mail: confirm a sign-up, open the preferences, unsubscribe.

Each link carries what it acts on, signed with SECRET_KEY under a salt of its own, so a link of one
kind is worthless as another and nothing needs storing. A confirmation expires
(KABAR_NEWSLETTER_CONFIRM_HOURS); the preferences link lasts KABAR_NEWSLETTER_LINK_DAYS; an
unsubscribe link never expires, because a reader must be able to leave from the oldest mail they kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from kabar.newsletters.models import Subscription, normalise_email

CONFIRM_SALT = "kabar.newsletters.confirm"
PREFERENCES_SALT = "kabar.newsletters.preferences"
UNSUBSCRIBE_SALT = "kabar.newsletters.unsubscribe"


def confirm_hours() -> int:
    return int(getattr(settings, "KABAR_NEWSLETTER_CONFIRM_HOURS", 48))


def link_days() -> int:
    return int(getattr(settings, "KABAR_NEWSLETTER_LINK_DAYS", 365))


def absolute(path: str) -> str:
    """Mail is read away from the site: every link names KABAR_BASE_URL, whatever host a request named."""
    return f"{settings.BASE_URL}{path}"


@dataclass(frozen=True)
class ConfirmRequest:
    email: str
    subscription_ids: tuple[int, ...]


def confirm_token(email: str, subscription_ids: list[int]) -> str:
    return signing.dumps({"e": normalise_email(email), "s": sorted(subscription_ids)}, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> ConfirmRequest | None:
    """What a confirmation link asks for; None when it is forged, damaged or older than its hours."""
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_hours() * 3600)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    try:
        return ConfirmRequest(email=str(value["e"]), subscription_ids=tuple(int(i) for i in value["s"]))
    except (KeyError, TypeError, ValueError):
        return None


def confirm_url(email: str, subscription_ids: list[int]) -> str:
    return absolute(reverse("newsletters:confirm", args=[confirm_token(email, subscription_ids)]))


def preferences_token(email: str) -> str:
    return signing.dumps(normalise_email(email), salt=PREFERENCES_SALT)


def read_preferences_token(token: str) -> str | None:
    """The address a preferences link is for; None when forged or older than KABAR_NEWSLETTER_LINK_DAYS."""
    try:
        value = signing.loads(token, salt=PREFERENCES_SALT, max_age=link_days() * 86400)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None


def preferences_url(email: str) -> str:
    """The reader's preferences page, reached without logging in (a link in every mail)."""
    return absolute(reverse("newsletters:preferences", args=[preferences_token(email)]))


def unsubscribe_token(subscription: Subscription) -> str:
    # The address is signed too: a subscription id alone would still name a row after the address changed hands.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"i": subscription.pk, "e": subscription.email})


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(subscription id, address) an unsubscribe link is for; None when forged or damaged."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
        return int(value["i"]), str(value["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_url(subscription: Subscription) -> str:
    """The link in a mail's footer: a GET shows a page with one button, so link scanners unsubscribe no one."""
    return absolute(reverse("newsletters:unsubscribe", args=[unsubscribe_token(subscription)]))


def one_click_unsubscribe_url(subscription: Subscription) -> str:
    """The `List-Unsubscribe` URL (RFC 8058): a POST of ``List-Unsubscribe=One-Click`` to it unsubscribes at once,
    without cookies or CSRF token (the signature is the credential); a GET shows the same page as the footer link.
    """
    return absolute(reverse("newsletters:one_click_unsubscribe", args=[unsubscribe_token(subscription)]))
