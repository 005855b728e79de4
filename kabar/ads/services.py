"""Ads' writes: counting impressions and clicks in batches, and purging pages when ads change.

Counting never writes the database per view, and never knows who saw or clicked: ads.js reports
the creatives that came into view (no cookie is sent, none is read), a click passes through
/iklan/k/<id>/, and both only add to a counter in this process's memory. The counts are written
as one INSERT … ON CONFLICT per process every KABAR_AD_FLUSH_SECONDS, as page views are
(kabar.articles.services.record_page_view), and when the process exits.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection

from kabar.ads import queries
from kabar.ads.models import ADS_COLLECTION, Creative, CreativeStats, Placement
from kabar.core.timefmt import site_zone
from kabar.delivery.purge import purge_keys

logger = logging.getLogger(__name__)

IMPRESSION, CLICK = 0, 1
SCHEDULE_CHECK_KEY = "ads:schedule-checked-at"

_pending: Counter[tuple[int, dt.date, int]] = Counter()
_pending_lock = threading.Lock()
_last_flush = time.monotonic()


def _today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), site_zone()).date()


def _count(creative_ids: Iterable[int], what: int, now: dt.datetime | None) -> None:
    global _last_flush
    day = _today(now)
    with _pending_lock:
        for creative_id in creative_ids:
            _pending[(creative_id, day, what)] += 1
        due = time.monotonic() - _last_flush >= settings.KABAR_AD_FLUSH_SECONDS
    if due:
        flush_ad_counts()


def record_impressions(creative_ids: Iterable[int], now: dt.datetime | None = None) -> int:
    """Count one impression of each creative known to be showing; returns how many were counted."""
    known = queries.ad_setup().creative_ids
    counted = [creative_id for creative_id in creative_ids if creative_id in known]
    if counted:
        _count(counted, IMPRESSION, now)
    return len(counted)


def record_click(creative_id: int, now: dt.datetime | None = None) -> None:
    _count([creative_id], CLICK, now)


def flush_ad_counts() -> int:
    """Write the counted impressions and clicks in one statement; returns how many (creative, day) rows."""
    global _last_flush
    with _pending_lock:
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not batch:
        return 0
    rows: dict[tuple[int, dt.date], list[int]] = {}
    for (creative_id, day, what), count in batch.items():
        rows.setdefault((creative_id, day), [0, 0])[what] += count
    try:
        existing = set(Creative.objects.filter(pk__in={key[0] for key in rows}).values_list("pk", flat=True))
        values = [(cid, day, counts[0], counts[1]) for (cid, day), counts in rows.items() if cid in existing]
        if not values:
            return 0
        table = CreativeStats._meta.db_table
        placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(values))
        sql = (
            f"INSERT INTO {table} (creative_id, day, impressions, clicks) VALUES {placeholders} "  # noqa: S608 - values are parameters
            f"ON CONFLICT (creative_id, day) DO UPDATE SET impressions = {table}.impressions + excluded.impressions, "
            f"clicks = {table}.clicks + excluded.clicks"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in values for value in row])
    except Exception:
        logger.exception("could not write %d ad count rows; they are dropped", len(rows))
        return 0
    return len(values)


def discard_pending_counts() -> None:
    with _pending_lock:
        _pending.clear()


# --- placements and changes --------------------------------------------------------------------

# key: (first_after, repeat_every, max_per_page) for a new site; editable in the admin afterwards.
DEFAULT_PLACEMENTS = {
    "top": (1, 0, 1),
    # After the 3rd, 7th and 11th paragraphs: clear of the automatic "Baca juga" after the 2nd and 5th.
    "in_article": (3, 4, 3),
    "list": (4, 8, 2),
    "sidebar": (1, 0, 1),
    "sticky": (1, 0, 1),
}


def ensure_placements() -> int:
    """The five placements exist (after every migrate, and after a flush); returns how many were made."""
    made = 0
    for key, (first_after, repeat_every, max_per_page) in DEFAULT_PLACEMENTS.items():
        _placement, created = Placement.objects.get_or_create(
            key=key,
            defaults={"first_after": first_after, "repeat_every": repeat_every, "max_per_page": max_per_page},
        )
        made += created
    return made


def ads_collection() -> Collection:
    """The image collection for ad creatives (under the root), made on first use."""
    root = Collection.get_first_root_node()
    found: Collection | None = root.get_children().filter(name=ADS_COLLECTION).first()
    return found or root.add_child(name=ADS_COLLECTION)


def file_creative_images(creatives: Iterable[Creative]) -> int:
    """Move the creatives' images into the ads collection; returns how many moved.

    An image chosen for an ad is an ad from then on: out of the editorial choosers, wherever it
    was uploaded (the chooser's upload puts it in the collection picked there, the root by default).
    """
    image_ids = {
        image_id for creative in creatives for image_id in (creative.image_id, creative.half_page_image_id) if image_id
    }
    if not image_ids:
        return 0
    collection = ads_collection()
    images = get_image_model().objects.filter(pk__in=image_ids).exclude(collection=collection)
    moved: int = images.update(collection=collection)
    return moved


def ads_changed() -> None:
    """An ad or placement changed: every public page may show it, so every page is purged."""
    queries.forget_setup()
    purge_keys(["site"])


def purge_when_schedules_change(now: dt.datetime | None = None) -> bool:
    """A creative started or ended since the last check: cached pages still show the old ads, so purge.

    The worker's clock runs this every minute (KABAR_PERIODIC_JOBS).
    """
    now = now or timezone.now()
    since = cache.get(SCHEDULE_CHECK_KEY) or now - dt.timedelta(minutes=5)
    cache.set(SCHEDULE_CHECK_KEY, now, None)
    crossed = (
        Creative.objects.filter(enabled=True, starts_at__gt=since, starts_at__lte=now).exists()
        or Creative.objects.filter(enabled=True, ends_at__gt=since, ends_at__lte=now).exists()
    )
    if crossed:
        logger.info("an ad started or ended since %s; purging the site's pages", since.isoformat())
        ads_changed()
    return crossed
