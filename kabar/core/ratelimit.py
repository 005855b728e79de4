"""Rate limits: counters in the cache, per reader, per client address, per whatever a caller names.

The client address is `kabar.core.clients.client_ip` (one rule for the whole site: X-Forwarded-For
is believed only from the proxies in ``KABAR_FORWARDED_ALLOW_IPS``); it is importable from here too.

The counters live in the ``ratelimit`` cache (kabar/settings/caching.py), which every web process
shares: Redis when REDIS_URL is set, otherwise a table in the site's database (`SharedCounterCache`),
so two processes never count alone and double a limit. django-allauth's login, sign-up and password
reset limits are counted there too (`share_with_allauth`).
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils.connection import ConnectionProxy

from kabar.core.clients import client_ip

__all__ = ["RATE_LIMIT_CACHE", "WINDOW_SECONDS", "SharedCounterCache", "allow", "client_ip", "counters"]

WINDOW_SECONDS = 60
RATE_LIMIT_CACHE = "ratelimit"
# Resolved per thread and per use, like django.core.cache.cache, so settings overrides in tests apply.
counters: Any = ConnectionProxy(caches, RATE_LIMIT_CACHE)


def allow(key: str, limit: int, window: int = WINDOW_SECONDS) -> bool:
    """Count one action under `key`; False once more than `limit` happened in this window.

    The window opens at the first action and closes `window` seconds later, rather than on the
    clock's minute, so a burst that straddles a minute boundary is still one burst.
    """
    cache_key = f"kabar:rate:{key}"
    if counters.add(cache_key, 1, timeout=window):
        return limit >= 1
    try:
        # incr keeps the expiry that add set, in Redis and in the shared table alike.
        count = int(counters.incr(cache_key))
    except ValueError:  # expired between add and incr
        counters.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit


class SharedCounterCache(DatabaseCache):
    """Django's database cache with an increment that two processes cannot both miss.

    DatabaseCache's own incr reads, adds and writes the value back with a fresh timeout: two
    processes counting at once would both write the same number (and each window would restart).
    Here the row is locked first (SELECT ... FOR UPDATE; SQLite's IMMEDIATE transactions already
    take the write lock), and only the value changes, so the window keeps the expiry add gave it.
    """

    def get_backend_timeout(self, timeout: Any = DEFAULT_TIMEOUT) -> float | None:
        expiry = super().get_backend_timeout(timeout)
        # The table keeps whole seconds (the expiry is truncated): round up, so a window is never short.
        return None if expiry is None else expiry + 1

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self.cache_model_class._meta.db_table)
        column = connection.ops.quote_name
        stored_key = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT 1 FROM {table} WHERE {column('cache_key')} = %s FOR UPDATE",  # noqa: S608
                        [stored_key],
                    )
            value = self.get(key, version=version)
            if value is None:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET {column('value')} = %s WHERE {column('cache_key')} = %s",  # noqa: S608
                    [encoded, stored_key],
                )
        return value


def share_with_allauth() -> None:
    """Count django-allauth's rate limits in the shared ``ratelimit`` cache, not the process's own.

    allauth has no setting for its cache: its counting module uses django.core.cache.cache, which
    without Redis is local memory, one count per process. Pointing that module's name at the shared
    cache is the one seam it offers (tests/readers/test_login_lockout.py proves it across processes).
    """
    from allauth.core.internal import ratelimit as allauth_ratelimit

    allauth_ratelimit.cache = counters
