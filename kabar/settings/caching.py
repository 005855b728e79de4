"""Caches: Django's cache (local memory, or Redis shared by every app server), Kabar's whole-page
cache, the headers that let shared caches in front keep pages, and purging those front caches.

README.md ("Configuration") variables read here: REDIS_URL, KABAR_CACHE_PREFIX, KABAR_PAGE_CACHE,
KABAR_PAGE_CACHE_SECONDS, KABAR_PAGE_CACHE_MAX_MB, KABAR_CACHE_MAX_AGE, KABAR_CACHE_S_MAXAGE,
KABAR_CACHE_STALE_WHILE_REVALIDATE, KABAR_CACHE_STALE_IF_ERROR, KABAR_SURROGATE_KEY_HEADERS,
KABAR_VARNISH_URLS, KABAR_CLOUDFLARE_ZONE_ID, KABAR_CLOUDFLARE_API_TOKEN, KABAR_CLOUDFLARE_API_URL,
KABAR_PURGE_ATTEMPTS and KABAR_PURGE_TIMEOUT.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kabar.settings.base import DATA_DIR, env_bool, env_list

# Cache: local memory unless REDIS_URL is set (the tests give each process a database of its own).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("KABAR_CACHE_PREFIX", "kabar"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kabar"}}
# Rate limits (Kabar's and django-allauth's: kabar/core/ratelimit.py) count in one place for every
# web process: Redis, or else a table in the site's database that migrate creates. A count kept in
# each process's memory would let every process allow the whole limit.
if REDIS_URL:
    CACHES["ratelimit"] = CACHES["default"]
else:
    CACHES["ratelimit"] = {
        "BACKEND": "kabar.core.ratelimit.SharedCounterCache",
        "LOCATION": "kabar_rate_limits",
        # Expired counters go first when it is full; live ones only past this many.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }

# Whole-page cache and purge (docs/decisions/0004-page-caching.md). Kabar keeps each public page,
# once per variant (reader, member), for KABAR_PAGE_CACHE_SECONDS, then serves it stale while one
# request renders it again, or while the database is down (up to KABAR_CACHE_STALE_IF_ERROR).
KABAR_PAGE_CACHE_ENABLED = env_bool("KABAR_PAGE_CACHE", True)
KABAR_PAGE_CACHE_SECONDS = int(os.environ.get("KABAR_PAGE_CACHE_SECONDS", 60))
KABAR_PAGE_CACHE_MAX_MB = int(os.environ.get("KABAR_PAGE_CACHE_MAX_MB", 512))
# Without Redis the pages are in an SQLite file of their own, shared by the machine's processes and
# readable while the site's database is down. Each test process gets a temporary one (None, testing.py).
KABAR_PAGE_CACHE_PATH: Path | None = DATA_DIR / "pagecache.sqlite3"
# What browsers (max-age) and shared caches in front (s-maxage) may keep: browsers cannot be
# purged, so they revalidate every time (a 304 when nothing changed); Varnish and CDNs are purged.
KABAR_CACHE_MAX_AGE = int(os.environ.get("KABAR_CACHE_MAX_AGE", 0))
KABAR_CACHE_S_MAXAGE = int(os.environ.get("KABAR_CACHE_S_MAXAGE", 300))
KABAR_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("KABAR_CACHE_STALE_WHILE_REVALIDATE", 30))
KABAR_CACHE_STALE_IF_ERROR = int(os.environ.get("KABAR_CACHE_STALE_IF_ERROR", 86400))
KABAR_SURROGATE_KEY_HEADERS = env_list("KABAR_SURROGATE_KEY_HEADERS", "xkey,Surrogate-Key,Cache-Tag")
# Front caches purged by key from the worker: Varnish with xkey (deploy/varnish/), Cloudflare by cache tag.
KABAR_VARNISH_URLS = env_list("KABAR_VARNISH_URLS")
KABAR_CLOUDFLARE_ZONE_ID = os.environ.get("KABAR_CLOUDFLARE_ZONE_ID", "")
KABAR_CLOUDFLARE_API_TOKEN = os.environ.get("KABAR_CLOUDFLARE_API_TOKEN", "")
KABAR_CLOUDFLARE_API_URL = os.environ.get("KABAR_CLOUDFLARE_API_URL", "https://api.cloudflare.com/client/v4")
KABAR_PURGE_ATTEMPTS = int(os.environ.get("KABAR_PURGE_ATTEMPTS", 6))
KABAR_PURGE_TIMEOUT = float(os.environ.get("KABAR_PURGE_TIMEOUT", 5))
