"""Kabar's own whole-page cache: public pages stored once per variant, purged by surrogate key.

- ``keys``: the request-scoped collection of surrogate keys (``add_keys``), used by the apps;
- ``policy``: which requests are cacheable, their cache key and variant, the HTTP headers;
- ``stores``: where pages live (an SQLite file shared by the machine's processes, or Redis);
- ``serving``: the WSGI wrapper that answers fresh hits before Django, and the middleware that
  renders misses once (single flight), serves stale copies and survives a database outage.

See docs/decisions/0004-page-caching.md.
"""

from kabar.delivery.pagecache.keys import add_keys

__all__ = ["add_keys"]
