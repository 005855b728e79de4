"""Purging cached pages by surrogate key: the one door every app uses when a change alters pages.

Key names (the `xkey` / `Surrogate-Key` / `Cache-Tag` values a page carries):

- ``article:<page id>``: the article's own page and every page that lists it (fronts, section,
  topic, tag and author pages carry the keys of the articles they show);
- ``section:<page id>``, ``topic:<page id>``, ``tag:<slug>``, ``person:<id>``: those listings;
- ``front``: the home page; ``site``: every public page (navigation, ads, breaking banner).

Callers name what changed; they never know which caches exist. The caching work (issue 7) makes
this enqueue a purge of Kabar's own cache and of Varnish or Cloudflare when configured.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

logger = logging.getLogger(__name__)


def article_key(page_id: int) -> str:
    return f"article:{page_id}"


def purge_keys(keys: Iterable[str]) -> None:
    """Ask every configured cache to drop the pages tagged with any of ``keys``."""
    wanted = sorted(set(keys))
    if wanted:
        logger.debug("purge requested for %s", ", ".join(wanted))
