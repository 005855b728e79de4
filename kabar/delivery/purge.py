"""Purging cached pages by surrogate key: the one door every app uses when a change alters pages.

Key names (the `xkey` / `Surrogate-Key` / `Cache-Tag` values a page carries):

- ``article:<page id>``: the article's own page and every page that lists it (fronts, section,
  topic, tag and author pages carry the keys of the articles they show);
- ``section:<page id>``, ``topic:<page id>``, ``tag:<slug>``, ``person:<id>``: those listings, and
  the article pages that show the section, topic, tag or person by name;
- ``topics``: the topic index (/topik/); ``search``: search result pages;
- ``front``: the home page and the site-wide feed; ``site``: every public page (navigation, ads,
  breaking banner).

Callers name what changed; they never know which caches exist. `purge_keys`:

1. purges Kabar's own page cache at once, in-process (cache deletes, cheap): the writer's next
   read is fresh, and no task queue stands between a correction and its readers;
2. after the transaction commits, purges Kabar's own cache again (a render that read the old
   rows while the transaction was open must not stay fresh) and enqueues `purge_front_caches`,
   which the worker runs: Varnish, then Cloudflare, with retries and back-off. The editor's
   request never waits on a front cache.

A soft purge (the default) keeps the old copies as stale: one request renders each page again
while the others get the previous copy, and the copy answers while the database is down. A hard
purge (unpublished, deleted, made private) removes them, so the old page is never shown again.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

FRONT = "front"
SITE = "site"
TOPICS = "topics"
SEARCH = "search"
OWN_CACHE = "kabar"
# Keys travel in HTTP headers separated by spaces or commas, and in the purge journal by spaces.
_VALID_KEY = re.compile(r"^[^\s,]{1,200}$")


def article_key(page_id: int) -> str:
    return f"article:{page_id}"


def section_key(page_id: int) -> str:
    return f"section:{page_id}"


def topic_key(page_id: int) -> str:
    return f"topic:{page_id}"


def tag_key(slug: str) -> str:
    return f"tag:{slug}"


def person_key(person_id: int) -> str:
    return f"person:{person_id}"


def purge_keys(keys: Iterable[str], *, hard: bool = False) -> None:
    """Ask every configured cache to drop the pages tagged with any of ``keys``."""
    wanted = sorted({key for key in keys if key})
    invalid = [key for key in wanted if not _VALID_KEY.match(key)]
    if invalid:
        raise ValueError(f"surrogate keys cannot hold spaces or commas: {invalid}")
    if not wanted:
        return
    purged_here = _purge_own_cache(wanted, hard)
    connection = transaction.get_connection()
    # Read as an attribute: asking for autocommit would open a connection, and a purge must work
    # while the database is down.
    if not connection.in_atomic_block:
        _purge_front_caches_later(wanted, hard, own_cache_failed=not purged_here)
        return
    # Keys of a transaction that rolls back stay pending and go out with the next commit: a purge
    # too many, never one too few.
    pending: dict[bool, set[str]] = connection.__dict__.setdefault("_kabar_pending_purges", {})
    pending.setdefault(hard, set()).update(wanted)
    transaction.on_commit(_after_commit)


def _after_commit() -> None:
    # Every purge_keys in the transaction registered this; the first to run takes all their keys.
    pending = transaction.get_connection().__dict__.pop("_kabar_pending_purges", {})
    for hard, keys in sorted(pending.items()):
        wanted = sorted(keys)
        purged_here = _purge_own_cache(wanted, hard)
        _purge_front_caches_later(wanted, hard, own_cache_failed=not purged_here)


def _purge_own_cache(keys: list[str], hard: bool) -> bool:
    from kabar.delivery.pagecache.stores import get_store

    if not getattr(settings, "KABAR_PAGE_CACHE_ENABLED", True):
        return True
    try:
        found = get_store().purge(keys, hard=hard)
    except Exception:
        logger.exception("could not purge Kabar's page cache for %s; the worker retries", ", ".join(keys))
        return False
    logger.debug("purged %d cached page(s) for %s", found, ", ".join(keys))
    return True


def _purge_front_caches_later(keys: list[str], hard: bool, *, own_cache_failed: bool) -> None:
    from kabar.delivery.frontcaches import configured

    targets = list(configured())
    if own_cache_failed:
        targets.insert(0, OWN_CACHE)
    if not targets:
        return
    try:
        purge_front_caches.enqueue(keys, hard, targets, 1)
    except Exception:
        # The change itself is saved; a lost purge leaves pages stale only until they expire.
        logger.exception("could not enqueue the purge of %s", ", ".join(keys))


def retry_delay(attempt: int) -> dt.timedelta:
    """Back-off before attempt `attempt + 1`: 2, 4, 8 ... seconds, at most a minute."""
    return dt.timedelta(seconds=min(60, 2**attempt))


# Ahead of the search-index and reference-index tasks a publish queues: readers wait on this one.
PURGE_PRIORITY = 50


@task(priority=PURGE_PRIORITY)
def purge_front_caches(keys: list[str], hard: bool, targets: list[str], attempt: int = 1) -> dict[str, list[str]]:
    """Run by the worker: purge `keys` from each cache in `targets`; what fails is tried again later."""
    from kabar.delivery.frontcaches import configured

    caches = configured()
    failed = []
    for name in targets:
        try:
            if name == OWN_CACHE:
                from kabar.delivery.pagecache.stores import get_store

                get_store().purge(keys, hard=hard)
            elif name in caches:
                caches[name].purge(keys, hard)
            else:
                continue  # no longer configured
        except Exception as error:
            logger.warning("purge of %s from %s failed (attempt %d): %s", ", ".join(keys), name, attempt, error)
            failed.append(name)
    if failed:
        if attempt >= settings.KABAR_PURGE_ATTEMPTS:
            logger.error("giving up purging %s from %s after %d attempts", ", ".join(keys), ", ".join(failed), attempt)
            raise RuntimeError(f"purge failed: {', '.join(failed)}")
        retry = purge_front_caches
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + retry_delay(attempt))
        retry.enqueue(keys, hard, failed, attempt + 1)
    return {"purged": [name for name in targets if name not in failed], "retrying": failed}


def purge_site(sender: type, created: bool = False, **kwargs: object) -> None:
    # The logo, tagline and channels in PublicationSettings are on every page. A row Wagtail creates
    # while rendering a page holds only the defaults the page was rendered with: nothing to purge.
    if not created:
        purge_keys([SITE])


def connect_receivers() -> None:
    from django.db.models.signals import post_save

    from kabar.core.models import PublicationSettings

    post_save.connect(purge_site, sender=PublicationSettings, dispatch_uid="kabar.delivery.purge.publication_settings")
