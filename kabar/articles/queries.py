"""Reads: what each public page lists, with a fixed number of queries whatever the archive's size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Prefetch, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page

from kabar.articles import caching, fronts
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
from kabar.delivery.purge import FRONT, section_key, topic_key

# "Baca juga" that Kabar adds itself go after these paragraphs (1-based), when editors placed fewer than two.
AUTO_READ_ALSO_AFTER = (2, 5)
READ_ALSO_WANTED = 2
SEARCH_QUERY_MAX_LENGTH = 200


# The image sizes articles/includes/card.html shows (its {% picture %} tags, written the same way),
# fetched with the list rather than one query a card.
CARD_IMAGE_SPECS = tuple(
    spec
    for sizes in ("fill-{480x270,800x450,1200x675}", "fill-{360x240,720x480}", "fill-{120x80,240x160}")
    for spec in Filter.expand_spec(["format-{webp,jpeg}", sizes])
)


def public_articles() -> QuerySet[ArticlePage]:
    """Live, public, published articles. Building it reads the private sections once (Wagtail's public())."""
    articles: QuerySet[ArticlePage] = ArticlePage.objects.live().public().filter(published_at__isnull=False)
    return articles


def published_articles(public: QuerySet[ArticlePage] | None = None) -> QuerySet[ArticlePage]:
    """Live, public articles, newest first, with what a list card shows."""
    base: Any = public if public is not None else public_articles()
    articles: QuerySet[ArticlePage] = (
        base
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


def most_read_ids(hours: int = 24, limit: int = 10, now: dt.datetime | None = None) -> list[int]:
    """The ids of the `limit` articles most viewed over the last `hours`, most first, published or not."""
    since = (now or timezone.now()) - dt.timedelta(hours=hours)
    top = (
        ArticleViewCount.objects.filter(hour__gte=since.replace(minute=0, second=0, microsecond=0))
        .values("article_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article_id")[:limit]
    )
    return [row["article_id"] for row in top]


def most_read(hours: int = 24, limit: int = 10, now: dt.datetime | None = None) -> list[ArticlePage]:
    """ "Terpopuler": most views over the last `hours`, from the batched hourly counts."""
    # Twice as many: some of the most viewed may since have been unpublished.
    ranked_ids = most_read_ids(hours, limit * 2, now)
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


# --- fronts: the home page and section fronts, resolved in one pass ---------------------------

# How many stories the automatic home front shows in each part.
FRONT_PICKS = 4
FRONT_LATEST = 10
FRONT_SECTION = 4
RAIL_MOST_READ = 5


@dataclass
class FrontBlock:
    """One block of a front as readers see it: a layout, its articles, and where "See all" goes."""

    layout: str
    articles: list[ArticlePage]
    heading: str = ""
    link: str = ""
    # The automatic front's parts keep the names the site has always had (front__latest, ...).
    css: str = ""

    @property
    def lead(self) -> ArticlePage | None:
        return self.articles[0] if self.articles else None

    @property
    def rest(self) -> list[ArticlePage]:
        return self.articles[1:]


# Where a block's automatic places come from: (fronts.LATEST, None), (fronts.SECTION, <section id>), ...
Source = tuple[str, int | None]


@dataclass
class WantedBlock:
    """A block before resolution: the editor's picks (ids), where the rest comes from, how many in all."""

    layout: str
    picked: list[int]
    source: Source | None
    count: int
    heading: str = ""
    link: str = ""
    css: str = ""


def _raw_id(item: Any) -> int | None:
    """A chooser's raw value: an id, or a list item {"type": "item", "value": id} (Wagtail >= 2.16)."""
    if isinstance(item, dict):
        item = item.get("value")
    if isinstance(item, int):
        return item
    if isinstance(item, str) and item.isdigit():
        return int(item)
    return None


def front_path(page: Page) -> str:
    """A section's or topic's path on the site, from its tree path: the home page is the site's root."""
    return "/" + "".join(f"{part}/" for part in page.url_path.strip("/").split("/")[1:])


def wanted_blocks(stream: Any, section: SectionPage | None = None) -> list[WantedBlock]:
    """The editor's blocks from the StreamField's raw data, without loading a page.

    On a section front, "latest" and "editors' picks" mean the section's own.
    """
    wanted: list[WantedBlock] = []
    for item in stream.raw_data:
        layout = item["type"]
        value = item.get("value") or {}
        picked = [pk for pk in map(_raw_id, value.get("articles") or []) if pk is not None]
        fill = value.get("fill") or fronts.DEFAULT_FILL.get(layout, fronts.LATEST)
        source: Source
        if fill == fronts.SECTION:
            section_id = _raw_id(value.get("section"))
            if section_id is None:
                continue
            source = (fronts.SECTION, section_id)
        elif fill == fronts.TOPIC:
            topic_id = _raw_id(value.get("topic"))
            if topic_id is None:
                continue
            source = (fronts.TOPIC, topic_id)
        elif fill == fronts.LATEST and section is not None:
            source = (fronts.SECTION, section.pk)
        elif fill == fronts.EDITORS_PICKS:
            source = (fronts.EDITORS_PICKS, section.pk if section is not None else None)
        else:
            source = (fill, None)
        count = fronts.FIXED_COUNTS.get(layout) or int(value.get("count") or 4)
        wanted.append(
            WantedBlock(layout, picked, source, min(max(count, 1), fronts.MAX_ARTICLES), value.get("heading") or "")
        )
    return wanted


def _source_queryset(public: QuerySet[ArticlePage], source: Source, ranked: list[int]) -> QuerySet[ArticlePage]:
    kind, pk = source
    if kind == fronts.MOST_READ:
        return public.filter(pk__in=ranked)
    if kind == fronts.SECTION:
        return public.filter(section_id=pk)
    if kind == fronts.TOPIC:
        return public.filter(topic_id=pk)
    if kind == fronts.EDITORS_PICKS:
        picks = public.filter(is_editors_pick=True)
        return picks.filter(section_id=pk) if pk is not None else picks
    return public


def _candidates(members: list[QuerySet[ArticlePage]]) -> list[list[tuple[Any, int]]]:
    """Each member's (published_at, id) rows, from one UNION ALL query of them all.

    Django cannot put sliced querysets into a union on SQLite, so the statement is put together
    from each member's own compiled SQL (parameters kept apart); each member walks its own index.
    """
    parts: list[str] = []
    params: list[Any] = []
    for number, member in enumerate(members):
        try:
            sql, member_params = member.values_list("published_at", "pk").query.sql_with_params()
        except EmptyResultSet:  # such as pk__in=[]: nothing to ask for
            continue
        # Only Django's compiled SQL and a number go into the text; every value stays a parameter.
        parts.append(f"SELECT {number} AS kabar_member, m{number}.* FROM ({sql}) m{number}")  # noqa: S608
        params.extend(member_params)
    found: list[list[tuple[Any, int]]] = [[] for _member in members]
    if not parts:
        return found
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for number, published_at, pk in cursor.fetchall():
            found[number].append((published_at, pk))
    return found


def resolve_front(
    wanted: list[WantedBlock], rail_most_read: int = RAIL_MOST_READ
) -> tuple[list[FrontBlock], list[ArticlePage]]:
    """The blocks' articles and the rail's most read, in a fixed handful of queries.

    An editor's pick stands where it was put, as often as it was put (once unpublished, its place is
    filled automatically); an automatic place takes the newest story of its source not already
    anywhere on the front, blocks resolved from the top.
    """
    public = public_articles()
    picked = sorted({pk for want in wanted for pk in want.picked})
    sources = list(dict.fromkeys(want.source for want in wanted if want.source is not None))
    # However the sources overlap, none can need more than every automatic place on the front.
    automatic = sum(want.count for want in wanted)
    needs_ranking = rail_most_read or any(kind == fronts.MOST_READ for kind, _pk in sources)
    ranked = most_read_ids(limit=automatic + len(picked) + 2 * rail_most_read) if needs_ranking else []
    members = [public.filter(pk__in=picked), public.filter(pk__in=ranked)]
    for source in sources:
        member = _source_queryset(public, source, ranked)
        if picked:
            member = member.exclude(pk__in=picked)
        members.append(member if source[0] == fronts.MOST_READ else member.order_by("-published_at", "-pk")[:automatic])
    found = _candidates(members)
    readable = {pk for _at, pk in found[0]}
    rank = {pk: n for n, pk in enumerate(ranked)}
    ranked_readable = sorted((pk for _at, pk in found[1]), key=rank.__getitem__)
    ordered: dict[Source, list[int]] = {}
    for source, rows in zip(sources, found[2:], strict=True):
        if source[0] == fronts.MOST_READ:
            ordered[source] = sorted((pk for _at, pk in rows), key=rank.__getitem__)
        else:
            ordered[source] = [pk for _at, pk in sorted(rows, reverse=True)]

    used = set(readable)
    block_ids: list[list[int]] = []
    for want in wanted:
        ids = [pk for pk in want.picked if pk in readable][: want.count]
        for pk in ordered.get(want.source, []) if want.source else []:
            if len(ids) >= want.count:
                break
            if pk not in used:
                ids.append(pk)
                used.add(pk)
        block_ids.append(ids)
    rail_ids = ranked_readable[:rail_most_read]
    wanted_ids = {pk for ids in block_ids for pk in ids} | set(rail_ids)
    articles = (
        {article.pk: article for article in published_articles(public).filter(pk__in=wanted_ids)} if wanted_ids else {}
    )
    blocks = [
        FrontBlock(want.layout, [articles[pk] for pk in ids if pk in articles], want.heading, want.link, want.css)
        for want, ids in zip(wanted, block_ids, strict=True)
    ]
    rail = [articles[pk] for pk in rail_ids if pk in articles]
    caching.shown([*articles.values()])
    return [block for block in blocks if block.articles], rail


def _name_blocks(wanted: list[WantedBlock], known_sections: dict[int, SectionPage]) -> None:
    """Section and topic blocks take their heading and "See all" link from their section or topic."""
    topic_ids = [want.source[1] for want in wanted if want.layout == "topic" and want.source]
    topics = {topic.pk: topic for topic in TopicPage.objects.live().filter(pk__in=topic_ids)} if topic_ids else {}
    for want in wanted:
        target: Page | None = None
        if want.layout == "section" and want.source:
            target = known_sections.get(want.source[1] or 0)
        elif want.layout == "topic" and want.source:
            target = topics.get(want.source[1] or 0)
        if target is not None:
            want.heading = want.heading or target.title
            want.link = front_path(target)
            if isinstance(target, SectionPage):
                want.css = f"sec-{target.slug}"  # the section's colour (kabar/core/brand.py)
        elif want.layout in ("section", "topic"):
            want.source = None  # unpublished since: the block goes
            want.picked = []


def _front_keys(wanted: list[WantedBlock]) -> list[str]:
    """A front shows the newest of its sections and topics: their changes purge it."""
    keys = []
    for want in wanted:
        if want.source and want.source[0] == fronts.SECTION and want.source[1]:
            keys.append(section_key(want.source[1]))
        elif want.source and want.source[0] == fronts.TOPIC and want.source[1]:
            keys.append(topic_key(want.source[1]))
    return keys


def automatic_front(home: HomePage, all_sections: list[SectionPage]) -> list[WantedBlock]:
    """The front of a home page with no blocks: lead and picks, latest, then a block per section."""
    wanted = [
        WantedBlock(
            "lead_list",
            [home.lead_article_id] if home.lead_article_id else [],
            (fronts.EDITORS_PICKS, None),
            1 + FRONT_PICKS,
            _("Editors' picks"),
        ),
        WantedBlock("latest", [], (fronts.LATEST, None), FRONT_LATEST, _("Latest"), css="front__latest"),
    ]
    for section in all_sections:
        wanted.append(
            WantedBlock("section", [], (fronts.SECTION, section.pk), FRONT_SECTION, section.title, front_path(section))
        )
    return wanted


def front_page(home: HomePage) -> dict[str, Any]:
    """Everything the home page shows: the editors' blocks, or the automatic front, and most read."""
    all_sections = sections()
    wanted = wanted_blocks(home.front) or automatic_front(home, all_sections)
    _name_blocks(wanted, {section.pk: section for section in all_sections})
    add_keys(FRONT, *_front_keys(wanted))
    blocks, rail = resolve_front(wanted)
    return {"front_blocks": blocks, "most_read": rail}


def section_front(section: SectionPage) -> dict[str, Any]:
    """A section's blocks (none unless its editors arranged some), the ids they show, and most read."""
    wanted = wanted_blocks(section.front, section=section)
    if any(want.layout == "section" for want in wanted):
        _name_blocks(wanted, {page.pk: page for page in sections()})
    else:
        _name_blocks(wanted, {})
    add_keys(*_front_keys(wanted))
    blocks, rail = resolve_front(wanted)
    return {
        "front_blocks": blocks,
        "front_ids": sorted({article.pk for block in blocks for article in block.articles}),
        "most_read": rail,
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
