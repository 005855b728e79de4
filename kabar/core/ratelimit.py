"""Rate limits: counters in the cache, per reader, per client address, per whatever a caller names.

The client address is `kabar.core.clients.client_ip` (one rule for the whole site: X-Forwarded-For
is believed only from the proxies in ``KABAR_FORWARDED_ALLOW_IPS``); it is importable from here too.
"""

from __future__ import annotations

from django.core.cache import cache

from kabar.core.clients import client_ip

__all__ = ["WINDOW_SECONDS", "allow", "client_ip"]

WINDOW_SECONDS = 60


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
