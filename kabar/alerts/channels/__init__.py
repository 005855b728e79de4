"""Adapters to the systems outside Kabar that alerts go to: browsers' push services (webpush.py)
and the publication's own bots (webhook.py). Both answer with an Outcome that the delivery loop
in kabar.alerts.services records; neither touches the database.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass
from typing import Literal

OutcomeKind = Literal["sent", "retry", "expired", "failed"]

# Longer waits than this are capped: a push service asking for an hour is treated as an hour.
MAX_RETRY_AFTER = 3600.0


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    status: int | None = None
    retry_after: float | None = None
    error: str = ""


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Retry-After as seconds from now: either delay-seconds or an HTTP-date (RFC 9110 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def outcome_for_status(status: int, retry_after: str | None, *, gone_is_expired: bool) -> Outcome:
    """What an HTTP answer means for a delivery.

    2xx: delivered. 404/410: the subscription is gone (a push service's word for "unsubscribed").
    429 and 5xx: try again later, no sooner than Retry-After. Redirects are never followed: a push
    service has no reason to send one, and following it would let a reader's endpoint steer Kabar.
    """
    if 200 <= status < 300:
        return Outcome("sent", status)
    if status in {404, 410}:
        return Outcome("expired" if gone_is_expired else "failed", status, error=f"HTTP {status}: gone")
    if status == 429 or status >= 500:
        return Outcome("retry", status, parse_retry_after(retry_after), f"HTTP {status}")
    if 300 <= status < 400:
        return Outcome("failed", status, error=f"HTTP {status}: redirect not followed")
    return Outcome("failed", status, error=f"HTTP {status}")
