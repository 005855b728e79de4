"""Ads' reads: what may show where (cached, so a page with ads costs no query once warm) and reports."""

from __future__ import annotations

import datetime as dt
import logging
import random
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Collection

from kabar.ads.models import ADS_COLLECTION, Creative, CreativeStats, Placement
from kabar.core.timefmt import site_zone

logger = logging.getLogger(__name__)

SETUP_CACHE_KEY = "ads:setup:v3"
# Short: with a per-process cache (no Redis) other processes see an admin change within a minute.
SETUP_CACHE_SECONDS = 60


# On wide screens (48rem and up, ads.css) a placement may grow to its IAB desktop size: the 320x50 phone
# banner at the top becomes a 728x90 leaderboard. Its image is a second crop, AdChoice.images[key + WIDE].
WIDE_SIZES: dict[str, tuple[int, int]] = {Placement.Key.TOP: (728, 90)}
WIDE = "@wide"
# Where the rail stands beside the content (64rem, kabar.css) the side rail's box is a 300x600 half page when
# its creative has a half-page image (Placement.HALF_PAGE): a crop of that image, AdChoice.images[key + HALF_PAGE].
HALF_PAGE = "@half_page"
HALF_PAGE_MEDIA = "(min-width: 64rem)"


@dataclass(frozen=True)
class PlacementSetup:
    key: str
    width: int
    height: int
    first_after: int
    repeat_every: int
    max_per_page: int

    def positions(self, total: int) -> list[int]:
        return Placement(
            key=self.key, first_after=self.first_after, repeat_every=self.repeat_every, max_per_page=self.max_per_page
        ).positions(total)


@dataclass(frozen=True)
class AdChoice:
    """One creative as the page needs it: no model instance, so the whole setup caches as plain data."""

    id: int
    kind: str
    placements: frozenset[str]
    section_ids: frozenset[int]
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    weight: int
    alt_text: str = ""
    # Per placement key: (1x URL, 2x URL) of the image cropped to that placement's size.
    images: dict[str, tuple[str, str]] = field(default_factory=dict)
    gpt_ad_unit: str = ""
    gpt_sizes: tuple[tuple[int, int], ...] = ()

    def runs_at(self, now: dt.datetime) -> bool:
        return (self.starts_at is None or self.starts_at <= now) and (self.ends_at is None or self.ends_at > now)

    def targets(self, section_id: int | None) -> bool:
        return not self.section_ids or (section_id is not None and section_id in self.section_ids)


@dataclass(frozen=True)
class AdSetup:
    placements: dict[str, PlacementSetup]
    creatives: tuple[AdChoice, ...]

    @property
    def creative_ids(self) -> frozenset[int]:
        return frozenset(creative.id for creative in self.creatives)


def _crop(image: Any, size: tuple[int, int]) -> tuple[str, str]:
    """(1x URL, 2x URL) of `image` cropped to `size`."""
    width, height = size
    return (
        image.get_rendition(f"fill-{width}x{height}").url,
        image.get_rendition(f"fill-{width * 2}x{height * 2}").url,
    )


def _renditions(creative: Creative, placements: dict[str, PlacementSetup]) -> dict[str, tuple[str, str]]:
    images = {}
    for placement in creative.placements.all():
        setup = placements.get(placement.key)
        if setup is None or creative.image is None:
            continue
        try:
            images[placement.key] = _crop(creative.image, (setup.width, setup.height))
        except Exception:
            logger.exception("ad %s: no rendition of its image for %s", creative.pk, placement.key)
            continue
        wide = WIDE_SIZES.get(placement.key)
        if wide is not None:
            try:
                images[placement.key + WIDE] = _crop(creative.image, wide)
            except Exception:
                logger.exception("ad %s: no wide rendition of its image for %s", creative.pk, placement.key)
        half_page = Placement.HALF_PAGE.get(placement.key)
        if half_page is not None and creative.half_page_image is not None:
            try:
                images[placement.key + HALF_PAGE] = _crop(creative.half_page_image, half_page)
            except Exception:
                logger.exception("ad %s: no half-page rendition for %s", creative.pk, placement.key)
    return images


def build_setup(now: dt.datetime | None = None) -> AdSetup:
    """Every enabled placement and every enabled creative that has not ended, read from the database."""
    now = now or timezone.now()
    placements = {
        p.key: PlacementSetup(p.key, p.width, p.height, p.first_after, p.repeat_every, p.max_per_page)
        for p in Placement.objects.filter(enabled=True)
    }
    creatives = []
    queryset = (
        Creative.objects.filter(enabled=True)
        .exclude(ends_at__lte=now)
        .select_related("image", "half_page_image")
        .prefetch_related("placements", "sections")
    )
    for creative in queryset:
        keys = frozenset(p.key for p in creative.placements.all() if p.key in placements)
        if not keys:
            continue
        choice = AdChoice(
            id=creative.pk,
            kind=creative.kind,
            placements=keys,
            section_ids=frozenset(s.pk for s in creative.sections.all()),
            starts_at=creative.starts_at,
            ends_at=creative.ends_at,
            weight=creative.weight,
            alt_text=creative.alt_text,
            images=_renditions(creative, placements) if creative.kind == Creative.Kind.HOUSE else {},
            gpt_ad_unit=creative.gpt_ad_unit,
            gpt_sizes=tuple(creative.sizes()),
        )
        if choice.kind == Creative.Kind.HOUSE and not choice.images:
            continue
        if choice.kind == Creative.Kind.GPT and not (choice.gpt_ad_unit and choice.gpt_sizes):
            continue
        creatives.append(choice)
    return AdSetup(placements=placements, creatives=tuple(creatives))


def ad_setup() -> AdSetup:
    setup = cache.get(SETUP_CACHE_KEY)
    if setup is None:
        setup = build_setup()
        cache.set(SETUP_CACHE_KEY, setup, SETUP_CACHE_SECONDS)
    return setup


def forget_setup() -> None:
    cache.delete(SETUP_CACHE_KEY)


def choose(
    setup: AdSetup,
    placement: str,
    *,
    section_id: int | None,
    now: dt.datetime,
    seed: str,
    exclude: set[int] | frozenset[int] = frozenset(),
) -> AdChoice | None:
    """One creative for `placement` by weight, never one already on the page; None when none fits.

    The draw is seeded by page, slot and hour, so one cached copy of a page and the next render
    in the same hour agree, and the weights still share out the pages over the day.
    """
    candidates = [
        creative
        for creative in setup.creatives
        if placement in creative.placements
        and creative.id not in exclude
        and creative.runs_at(now)
        and creative.targets(section_id)
        and (creative.kind != Creative.Kind.HOUSE or placement in creative.images)
    ]
    if not candidates:
        return None
    return random.Random(seed).choices(candidates, weights=[c.weight for c in candidates], k=1)[0]


# --- reports -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    impressions: int
    clicks: int

    @property
    def click_percent(self) -> float:
        return 100 * self.clicks / self.impressions if self.impressions else 0.0


def creatives_with_totals() -> QuerySet[Creative]:
    return (
        Creative.objects.annotate(
            total_impressions=Coalesce(Sum("stats__impressions"), 0), total_clicks=Coalesce(Sum("stats__clicks"), 0)
        )
        .prefetch_related("placements")
        .order_by("-created_at")
    )


def creative_report(creative: Creative, days: int = 30, now: dt.datetime | None = None) -> list[DayCount]:
    """One row per day of the last `days` (site time), newest first, zero where nothing was counted."""
    today = timezone.localtime(now or timezone.now(), site_zone()).date()
    first = today - dt.timedelta(days=days - 1)
    counted = {row.day: row for row in CreativeStats.objects.filter(creative=creative, day__gte=first, day__lte=today)}
    rows = []
    for offset in range(days):
        day = today - dt.timedelta(days=offset)
        row = counted.get(day)
        rows.append(DayCount(day, row.impressions if row else 0, row.clicks if row else 0))
    return rows


def creative_totals(creative: Creative) -> DayCount:
    totals = CreativeStats.objects.filter(creative=creative).aggregate(
        impressions=Coalesce(Sum("impressions"), 0), clicks=Coalesce(Sum("clicks"), 0)
    )
    return DayCount(timezone.localdate(), totals["impressions"], totals["clicks"])


def ads_collections() -> QuerySet[Collection]:
    """The ads' image collection and any collection under it (none before the first ad image)."""
    root = Collection.get_first_root_node()
    ads = root.get_children().filter(name=ADS_COLLECTION).first() if root is not None else None
    found: QuerySet[Collection] = (
        Collection.objects.none() if ads is None else Collection.objects.filter(path__startswith=ads.path)
    )
    return found
