"""Reads: what each public page lists, with a fixed number of queries whatever the archive's size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page

from kabar.articles import caching
from kabar.articles.models import (
    ArticlePage,
    ArticleTag,
    ArticleViewCount,
    ArticleWriter,
    HomePage,
    SectionPage,
    TopicPage,
)
from kabar.articles.search_index import ranked_then_newest, search_index
from kabar.core.search import stem_text
from kabar.delivery.pagecache import add_keys
from kabar.delivery.purge import FRONT

# "Baca juga" that Kabar adds itself go after these paragraphs (1-based), when editors placed fewer than two.
AUTO_READ_ALSO_AFTER = (2, 5)
READ_ALSO_WANTED = 2
SEARCH_QUERY_MAX_LENGTH = 200


# The image sizes articles/includes/card.html shows, fetched with the list rather than one query a card.
CARD_IMAGE_SPECS = ("fill-240x160", "fill-800x450")


def published_articles() -> QuerySet[ArticlePage]:
    """Live, public articles, newest first, with what a list card shows."""
    articles: QuerySet[ArticlePage] = (
        ArticlePage.objects.live()
        .public()
        .filter(published_at__isnull=False)
        # A card never shows the body: not loading it saves most of the bytes and decoding.
        .defer_streamfields()
        .select_related("section", "lead_image")
        .prefetch_related(
            Prefetch(
                "lead_image__renditions",
                queryset=get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_IMAGE_SPECS),
                to_attr="prefetched_renditions",
            )
        )
        .order_by("-published_at", "-pk")
    )
    return articles


def with_bylines(queryset: QuerySet[ArticlePage]) -> QuerySet[ArticlePage]:
    return queryset.prefetch_related(
        Prefetch("writers", queryset=ArticleWriter.objects.select_related("person").order_by("sort_order"))
    )


def latest_articles(limit: int = 10, exclude: ArticlePage | None = None) -> list[ArticlePage]:
    queryset = published_articles()
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return list(queryset[:limit])


def section_articles(section: SectionPage) -> QuerySet[ArticlePage]:
    return published_articles().filter(section=section)


def topic_articles(topic: TopicPage) -> QuerySet[ArticlePage]:
    return published_articles().filter(topic=topic)


def tag_articles(tag_slug: str) -> QuerySet[ArticlePage]:
    return published_articles().filter(tagged_items__tag__slug=tag_slug)


def author_articles(person_id: int) -> QuerySet[ArticlePage]:
    """A writer's published articles, newest first.

    A staff writer's byline can be on a tenth of a million-article archive. Matched on the bare
    primary key, SQLite starts from the bylines and sorts them all by date (seconds); matched on
    `pk + 0`, it walks the date index newest first and checks each article against the bylines,
    stopping at the page's last row.
    """
    bylines = ArticleWriter.objects.filter(person_id=person_id).values("article_id")
    articles: QuerySet[ArticlePage] = published_articles().alias(credited=F("pk") + 0).filter(credited__in=bylines)
    return articles


def editors_picks(limit: int = 4, exclude: list[int] | None = None) -> list[ArticlePage]:
    queryset = published_articles().filter(is_editors_pick=True)
    if exclude:
        queryset = queryset.exclude(pk__in=exclude)
    return list(queryset[:limit])


def most_read(hours: int = 24, limit: int = 10, now: dt.datetime | None = None) -> list[ArticlePage]:
    """ "Terpopuler": most views over the last `hours`, from the batched hourly counts."""
    since = (now or timezone.now()) - dt.timedelta(hours=hours)
    top = (
        ArticleViewCount.objects.filter(hour__gte=since.replace(minute=0, second=0, microsecond=0))
        .values("article_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article_id")[: limit * 2]
    )
    ranked_ids = [row["article_id"] for row in top]
    if not ranked_ids:
        return []
    articles = {a.pk: a for a in published_articles().filter(pk__in=ranked_ids)}
    return [articles[pk] for pk in ranked_ids if pk in articles][:limit]


def live_fronts(model: type[Page]) -> QuerySet[Any]:
    """Live pages of one front type (sections, topics), found from that type's own small table.

    Filtering `wagtailcore_page` by type alone lets SQLite walk all of it, a million archive
    articles included, in path order; starting from the few ids of the type keeps it a handful of
    primary-key lookups on every engine.
    """
    fronts: QuerySet[Any] = model.objects.live().filter(pk__in=model.objects.values("pk"))
    return fronts


def sections() -> list[SectionPage]:
    return list(live_fronts(SectionPage).order_by("path"))


def front_page(home: HomePage) -> dict[str, Any]:
    """Everything the home page shows: lead, picks, latest, most read and a block per section."""
    picks = editors_picks(limit=5)
    # The chosen lead, unless it has since been unpublished or made private.
    lead = published_articles().filter(pk=home.lead_article_id).first() if home.lead_article_id else None
    if lead is None:
        lead = picks[0] if picks else None
    shown = [lead.pk] if lead else []
    picks = [p for p in picks if p.pk not in shown][:4]
    shown += [p.pk for p in picks]
    latest = list(published_articles().exclude(pk__in=shown)[:10])
    section_blocks: list[dict[str, Any]] = []
    for section in sections():
        items = list(section_articles(section)[:4])
        if items:
            section_blocks.append({"section": section, "articles": items})
    top = most_read(limit=5)
    add_keys(FRONT)
    in_blocks = [article for block in section_blocks for article in block["articles"]]
    caching.shown([lead, *picks, *latest, *top, *in_blocks])
    return {
        "lead": lead,
        "editors_picks": picks,
        "latest": latest,
        "most_read": top,
        "section_blocks": section_blocks,
    }


@dataclass
class BodyItem:
    """One piece of an article body as rendered: a StreamField block, or a "Baca juga" Kabar added."""

    block_type: str
    block: Any = None
    read_also: ArticlePage | None = None
    automatic: bool = False


def read_also_candidates(article: ArticlePage, wanted: int, exclude_ids: set[int]) -> list[ArticlePage]:
    """Related public articles: same topic first, then shared tags, then the same section."""
    exclude = {article.pk, *exclude_ids}
    found: list[ArticlePage] = []

    def take(queryset: QuerySet[ArticlePage]) -> None:
        for candidate in queryset.exclude(pk__in=exclude | {a.pk for a in found})[: wanted - len(found)]:
            found.append(candidate)

    base = (
        ArticlePage.objects.live()
        .public()
        .filter(published_at__isnull=False)
        .select_related("section")
        .order_by("-published_at")
    )
    if article.topic_id:
        take(base.filter(topic_id=article.topic_id))
    if len(found) < wanted:
        # A preview or revision holds its tags in memory (modelcluster), where values_list() is not available.
        tag_ids = [tag.pk for tag in article.tags.all()]
        if tag_ids:
            # `pk + 0`: walk the date index newest first, checking each article against the tag's
            # list, instead of sorting every article that carries a common tag (see author_articles).
            tagged = ArticleTag.objects.filter(tag_id__in=tag_ids).values("content_object_id")
            take(base.alias(tagged_pk=F("pk") + 0).filter(tagged_pk__in=tagged))
    if len(found) < wanted and article.section_id:
        take(base.filter(section_id=article.section_id))
    return found


def body_with_read_also(article: ArticlePage) -> list[BodyItem]:
    """The body's blocks, plus automatic "Baca juga" after the 2nd and 5th paragraphs.

    Kabar adds them only when editors placed fewer than two.
    """
    placed_ids = {
        block.value["article"].pk
        for block in article.body
        if block.block_type == "read_also" and block.value.get("article") is not None
    }
    # An editor's link to an article since unpublished or made private is left out, not shown dead.
    readable_ids = (
        set(published_articles().filter(pk__in=placed_ids).values_list("pk", flat=True)) if placed_ids else set()
    )
    items = [
        BodyItem(block.block_type, block=block)
        for block in article.body
        if block.block_type != "read_also"
        or (block.value.get("article") is not None and block.value["article"].pk in readable_ids)
    ]
    missing = READ_ALSO_WANTED - sum(1 for item in items if item.block_type == "read_also")
    if missing <= 0:
        return items
    candidates = read_also_candidates(article, missing, placed_ids)
    if not candidates:
        return items
    result: list[BodyItem] = []
    paragraphs_seen = 0
    slots = list(AUTO_READ_ALSO_AFTER)
    for item in items:
        result.append(item)
        if item.block_type == "paragraph":
            paragraphs_seen += 1
            if candidates and slots and paragraphs_seen == slots[0]:
                slots.pop(0)
                result.append(BodyItem("read_also", read_also=candidates.pop(0), automatic=True))
    return result


def article_page_context(article: ArticlePage, request: HttpRequest) -> dict[str, Any]:
    from kabar.articles.structured_data import breadcrumb_json_ld, news_article_json_ld

    writers = list(article.writers.select_related("person").order_by("sort_order"))
    corrections = list(article.corrections.order_by("corrected_at"))
    # A correction always counts as an update, even one made in the first minute.
    updated_at = article.updated_at or (article.last_published_at if corrections else None)
    tags = list(article.tags.all())
    body_items = body_with_read_also(article)
    add_keys(*caching.article_page_keys(article, [w.person_id for w in writers], [tag.slug for tag in tags]))
    caching.shown(
        [item.read_also or item.block.value.get("article") for item in body_items if item.block_type == "read_also"]
    )
    return {
        "writers": [w.person for w in writers],
        "sources": list(article.sources.all()),
        "corrections": corrections,
        "updated_at": updated_at,
        "tags": tags,
        "body_items": body_items,
        "more_latest": caching.shown(latest_articles(limit=6, exclude=article)),
        # The rail's numbered "Terpopuler", as on the fronts.
        "most_read": caching.shown(most_read(limit=5)),
        "json_ld": news_article_json_ld(article, [w.person for w in writers], request),
        "breadcrumb_json_ld": breadcrumb_json_ld(article, request),
        "is_preview": getattr(request, "is_preview", False),
    }


def clean_search_query(raw: str) -> str:
    """The reader's query cut to SEARCH_QUERY_MAX_LENGTH between words, never inside one.

    Every word must match, so a half word left at the cut would make every result miss.
    """
    query = raw.strip()
    if len(query) <= SEARCH_QUERY_MAX_LENGTH:
        return query
    cut = query[:SEARCH_QUERY_MAX_LENGTH]
    if not query[SEARCH_QUERY_MAX_LENGTH].isspace():
        cut = cut.rpartition(" ")[0] or cut
    return cut.strip()


# A search pages through at most this many pages of 20: readers refine a query rather than read
# a thousand results, and a deep page costs a walk past every match before it.
SEARCH_MAX_PAGES = 50
# Matches are counted up to here ("Lebih dari 100 hasil" beyond): counting costs a walk past every
# match counted, a tenth of a common word's thousand (docs/benchmarks.md).
SEARCH_COUNTED = 100


@dataclass
class SearchPage:
    """One page of a reader's search, with what the page list and the count line show.

    Shaped like Django's Page for articles/includes/list.html and pagination.html, but never
    counts every match: whether there is a next page comes from asking for one article more.
    """

    articles: list[ArticlePage]
    number: int
    found: int  # matches counted, up to SEARCH_COUNTED + 1
    more: bool  # a next page exists

    def __iter__(self) -> Iterator[ArticlePage]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def count(self) -> int:
        return min(self.found, SEARCH_COUNTED)

    @property
    def more_than_counted(self) -> bool:
        return self.found > SEARCH_COUNTED

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def search_page(query: str, number: int = 1, *, newest: bool = True, per_page: int = 20) -> SearchPage:
    """Page `number` of the published articles matching every word of `query`, stemmed as the index is.

    Newest first, as a news site's readers expect; or most relevant first (a title match counts
    most) among the newest search_index.RANK_WINDOW matches, and newest first after them. A number
    past the matches counted gives the last page there is.
    """
    stems = stem_text(query)
    if not stems:
        return SearchPage([], 1, 0, False)
    index = search_index()
    found = index.count(stems, limit=SEARCH_COUNTED + 1)
    last = SEARCH_MAX_PAGES if found > SEARCH_COUNTED else max(1, -(-found // per_page))
    number = min(max(1, number), last)
    offset = (number - 1) * per_page
    # One more than a page: its presence says there is a next page.
    wanted = per_page + 1 if number < SEARCH_MAX_PAGES else per_page
    if newest:
        ids = index.matching_ids(stems, newest=True, offset=offset, limit=wanted)
    else:
        ids = ranked_then_newest(index, stems, offset, wanted)
    shown_ids = ids[:per_page]
    # Through published_articles: an entry not yet refreshed after an unpublish shows nothing.
    articles = {article.pk: article for article in published_articles().filter(pk__in=shown_ids)}
    return SearchPage([articles[pk] for pk in shown_ids if pk in articles], number, found, len(ids) > per_page)
