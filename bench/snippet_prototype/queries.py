"""What the snippet article view reads: the same lookups as kabar.articles.queries.article_page_context.

Writers, sources, corrections, tags, automatic "Baca juga" (topic, then tags, then section), six
latest articles and JSON-LD: one query each, as on the page side, so render times compare.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from bench.snippet_prototype.models import SnippetArticle
from kabar.articles.queries import AUTO_READ_ALSO_AFTER, READ_ALSO_WANTED, BodyItem
from kabar.articles.structured_data import news_article_json_ld


def published() -> QuerySet[SnippetArticle]:
    return (
        SnippetArticle.objects.filter(live=True, published_at__isnull=False)
        .select_related("section", "lead_image")
        # Cards never show the body, as on the page side.
        .defer("body")
        .order_by("-published_at", "-pk")
    )


def related(article: SnippetArticle, wanted: int) -> list[SnippetArticle]:
    found: list[SnippetArticle] = []
    base = SnippetArticle.objects.filter(live=True, published_at__isnull=False).order_by("-published_at")

    def take(queryset: QuerySet[SnippetArticle]) -> None:
        skip = {article.pk, *(a.pk for a in found)}
        found.extend(queryset.exclude(pk__in=skip)[: wanted - len(found)])

    if article.topic_id:
        take(base.filter(topic_id=article.topic_id))
    # Tags are only looked up when the topic did not fill the slots, as on the page side.
    if len(found) < wanted:
        tag_ids = list(article.tags.values_list("pk", flat=True))
        if tag_ids:
            take(base.filter(tagged_items__tag_id__in=tag_ids).distinct())
    if len(found) < wanted:
        take(base.filter(section_id=article.section_id))
    return found


def body_items(article: SnippetArticle) -> list[BodyItem]:
    items = [BodyItem(block.block_type, block=block) for block in article.body]
    missing = READ_ALSO_WANTED - sum(1 for item in items if item.block_type == "read_also")
    candidates = related(article, missing) if missing > 0 else []
    if not candidates:
        return items
    slots = list(AUTO_READ_ALSO_AFTER)
    result: list[BodyItem] = []
    paragraphs = 0
    for item in items:
        result.append(item)
        if item.block_type != "paragraph":
            continue
        paragraphs += 1
        if candidates and slots and paragraphs == slots[0]:
            slots.pop(0)
            result.append(BodyItem("read_also", read_also=candidates.pop(0), automatic=True))
    return result


def article_context(article: SnippetArticle, request: HttpRequest) -> dict[str, Any]:
    people = [w.person for w in article.writers.select_related("person").order_by("sort_order")]
    corrections = list(article.corrections.order_by("corrected_at"))
    latest = list(published().exclude(pk=article.pk)[:6])
    return {
        "writers": people,
        "sources": list(article.sources.all()),
        "corrections": corrections,
        "updated_at": article.updated_at or (article.last_published_at if corrections else None),
        "tags": list(article.tags.all()),
        "body_items": body_items(article),
        "more_latest": latest,
        "json_ld": news_article_json_ld(article, people, request),  # type: ignore[arg-type]
        "is_preview": getattr(request, "is_preview", False),
    }
