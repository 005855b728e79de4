"""Caches in front of Kabar that it can purge by surrogate key: Varnish (xkey) and Cloudflare (cache tags).

Each adapter is a small class with a `name` and `purge(keys, hard)` that raises on failure; the
purge task (kabar.delivery.purge) retries what failed. Which adapters exist is read from settings,
so callers never know which caches are configured.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings


class FrontCache(Protocol):
    name: str

    def purge(self, keys: list[str], hard: bool) -> None:
        """Drop (or, not hard, mark stale) everything tagged with one of `keys`; raise on failure."""


class PurgeFailed(Exception):
    """A front cache did not confirm a purge."""


def configured() -> dict[str, FrontCache]:
    """The front caches settings name, by name, in the order they are purged (nearest Kabar first)."""
    from kabar.delivery.frontcaches.cloudflare import Cloudflare
    from kabar.delivery.frontcaches.varnish import Varnish

    caches: dict[str, FrontCache] = {}
    if settings.KABAR_VARNISH_URLS:
        caches["varnish"] = Varnish(settings.KABAR_VARNISH_URLS, timeout=settings.KABAR_PURGE_TIMEOUT)
    if settings.KABAR_CLOUDFLARE_ZONE_ID and settings.KABAR_CLOUDFLARE_API_TOKEN:
        caches["cloudflare"] = Cloudflare(
            zone_id=settings.KABAR_CLOUDFLARE_ZONE_ID,
            api_token=settings.KABAR_CLOUDFLARE_API_TOKEN,
            api_url=settings.KABAR_CLOUDFLARE_API_URL,
            timeout=settings.KABAR_PURGE_TIMEOUT,
        )
    return caches
