"""Reads for the wire desk: the item list and its filters, an item's history, kills and embargoes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from kabar.core.search import stem_text
from kabar.sources.models import Source
from kabar.wire import search_index
from kabar.wire.models import WireArticle, WireFeed, WireItem, WireRefusal

# The desk's time filter: how far back each choice reaches.
SINCE_CHOICES = {
    "1h": dt.timedelta(hours=1),
    "6h": dt.timedelta(hours=6),
    "24h": dt.timedelta(days=1),
    "7d": dt.timedelta(days=7),
}


@dataclass(frozen=True)
class DeskFilters:
    agency: int | None = None
    urgency: int | None = None
    language: str = ""
    since: str = ""
    query: str = ""
    item_type: str = ""


def desk_items(filters: DeskFilters) -> QuerySet[WireItem]:
    """Items for the Kawat list, newest first, narrowed by agency, urgency (this or more urgent), language,
    time received and words (stemmed like the index)."""
    items: QuerySet[WireItem] = WireItem.objects.all()
    if filters.agency:
        items = items.filter(
            feed__in=list(WireFeed.objects.filter(agency_id=filters.agency).values_list("pk", flat=True))
        )
    if filters.urgency:
        items = items.filter(urgency__lte=filters.urgency)
    if filters.language:
        items = items.filter(language=filters.language)
    if filters.item_type:
        items = items.filter(item_type=filters.item_type)
    if filters.since in SINCE_CHOICES:
        items = items.filter(first_seen_at__gte=timezone.now() - SINCE_CHOICES[filters.since])
    if filters.query:
        stems = stem_text(filters.query)
        if not stems:
            return WireItem.objects.none()
        items = search_index.matching(items, stems)
    return items.select_related("feed__agency").order_by("-first_seen_at", "-pk")


def with_related(items: list[WireItem]) -> list[WireItem]:
    """Feed, agency and made articles for a page of items, in three queries whatever the page size."""
    ids = [item.pk for item in items]
    full = {
        item.pk: item
        for item in WireItem.objects.filter(pk__in=ids)
        .select_related("feed__agency")
        .prefetch_related("made_articles__article")
    }
    return [full[pk] for pk in ids if pk in full]


def desk_agencies() -> QuerySet[Source]:
    return Source.objects.filter(wire_feeds__isnull=False).distinct().order_by("name")


def desk_languages() -> list[str]:
    return list(
        WireItem.objects.exclude(language="").values_list("language", flat=True).distinct().order_by("language")
    )


def items_with_history() -> QuerySet[WireItem]:
    return WireItem.objects.select_related("feed__agency", "feed__default_section").prefetch_related(
        "versions", "made_articles__article", "made_articles__made_by"
    )


def origin_of_article(article_id: int) -> WireArticle | None:
    """The wire item an article was made from, if it was made from one."""
    return WireArticle.objects.select_related("item__feed__agency").filter(article_id=article_id).first()


def embargo_of_article(article_id: int, now: dt.datetime | None = None) -> dt.datetime | None:
    """The time before which the article must not be published, if its wire item is still under embargo."""
    origin = origin_of_article(article_id)
    if origin is None or origin.item.embargoed_until is None:
        return None
    return origin.item.embargoed_until if origin.item.embargoed_until > (now or timezone.now()) else None


def articles_from_killed_items() -> QuerySet[WireArticle]:
    """Articles whose wire item the agency has since killed or withheld: the desk's most urgent list."""
    return (
        WireArticle.objects.filter(item__killed_at__isnull=False)
        .select_related("item__feed__agency", "article")
        .order_by("-item__killed_at")
    )


def refusals(feed_id: int | None = None) -> QuerySet[WireRefusal]:
    """What the desk refused and why, newest first: of one feed, or of every feed."""
    found = WireRefusal.objects.select_related("feed__agency").order_by("-refused_at", "-pk")
    return found.filter(feed_id=feed_id) if feed_id else found


def recent_refusal_count(within: dt.timedelta = dt.timedelta(days=1)) -> int:
    return WireRefusal.objects.filter(refused_at__gte=timezone.now() - within).count()
