"""The two variants of every public page: "reader" (with ads) and "member" (Kabar+, without).

A page is cached whole, once per variant; no variant is ever made for one reader. Which variant
a request gets is read from the signed ``kabar_plus`` cookie alone, without the session or the
database, so the page cache can decide before any view runs (see docs/decisions/0005).

The cookie's value is ``<user id>:<end of entitlement as a unix timestamp>``, signed by Django's
TimestampSigner with the salt ``kabar.plus``. Membership sets and clears it on the reader's own,
uncached pages (login, logout, the Kabar+ pages); a public page's response never sets it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

COOKIE_NAME = "kabar_plus"
COOKIE_SALT = "kabar.plus"
READER = "reader"
MEMBER = "member"
VARIANTS = (READER, MEMBER)
# A signature older than this is refused even if the end date is later: a refund or cancellation
# reaches a browser that never visits the Kabar+ pages again within this time.
DEFAULT_MAX_AGE = 7 * 24 * 3600


@dataclass(frozen=True)
class MemberCookie:
    user_id: int
    until: dt.datetime


def cookie_max_age() -> int:
    return int(getattr(settings, "KABAR_PLUS_COOKIE_MAX_AGE", DEFAULT_MAX_AGE))


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=COOKIE_SALT)


def sign_member_cookie(user_id: int, until: dt.datetime) -> str:
    """The cookie value saying `user_id` is entitled to Kabar+ until `until`."""
    return _signer().sign(f"{int(user_id)}:{int(until.timestamp())}")


def read_member_cookie(value: str | None) -> MemberCookie | None:
    """The verified content of a cookie value, or None if it is forged, malformed or too old."""
    if not value or len(value) > 200:
        return None
    try:
        payload = _signer().unsign(value, max_age=cookie_max_age())
        user_id, until = payload.split(":")
        return MemberCookie(int(user_id), dt.datetime.fromtimestamp(int(until), tz=dt.UTC))
    except (signing.BadSignature, ValueError, OverflowError, OSError):
        return None


def is_member_request(request: HttpRequest, now: dt.datetime | None = None) -> bool:
    """True when the request carries a valid Kabar+ cookie whose end date is still ahead."""
    cookie = read_member_cookie(request.COOKIES.get(COOKIE_NAME))
    return cookie is not None and cookie.until > (now or timezone.now())


def variant_of(request: HttpRequest | None) -> str:
    """ "member" or "reader": the variant set by VariantMiddleware, or worked out now."""
    if request is None:
        return READER
    variant = getattr(request, "kabar_variant", None)
    if variant in VARIANTS:
        return variant
    return MEMBER if is_member_request(request) else READER


class VariantMiddleware:
    """Sets ``request.kabar_variant`` ("member" | "reader") for views, templates and the page cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The page cache, when it runs first, has already chosen the variant it stores the page under.
        if getattr(request, "kabar_variant", None) not in VARIANTS:
            request.kabar_variant = MEMBER if is_member_request(request) else READER
        return self.get_response(request)
