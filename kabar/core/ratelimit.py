"""Rate limits: counters in the cache, per reader, per client address, per whatever a caller names.

The client address is REMOTE_ADDR unless ``KABAR_TRUSTED_PROXY_COUNT`` says how many proxies we
trust in front of Kabar (a load balancer, Varnish, Cloudflare): only then is X-Forwarded-For read,
from the right, as each of those proxies appends the address it was called from. Anything to the
left of them is whatever the client claimed, so it is never taken on trust.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.KABAR_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies <= 0 or not forwarded:
        return remote
    claimed = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    address = _valid_ip(claimed)
    if address is None:
        logger.warning("unreadable X-Forwarded-For %r; using REMOTE_ADDR %s", claimed[:100], remote)
        return remote
    return address


def allow(key: str, limit: int, window: int = WINDOW_SECONDS) -> bool:
    """Count one action under `key`; False once more than `limit` happened in this window.

    The window opens at the first action and closes `window` seconds later, rather than on the
    clock's minute, so a burst that straddles a minute boundary is still one burst.
    """
    cache_key = f"kabar:rate:{key}"
    if cache.add(cache_key, 1, timeout=window):
        return limit >= 1
    try:
        # incr keeps the expiry that add set, in Redis and in local memory alike.
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit
