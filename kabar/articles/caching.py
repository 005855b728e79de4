"""The page cache's view of articles: the keys each page carries, and the keys each change purges.

Pages name what they show (``shown``, ``add_keys``) while they render; the receivers below purge
those names when Wagtail publishes, unpublishes, moves or deletes a page, or a tag is renamed.
Connected in apps.py. Key names are kabar.delivery.purge's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models.signals import post_save, pre_delete, pre_save
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from kabar.articles.context_processors import NAVIGATION_CACHE_KEY
from kabar.articles.models import ArticlePage, HomePage, SectionPage, TopicIndexPage, TopicPage
from kabar.delivery.pagecache import add_keys
from kabar.delivery.purge import (
    FRONT,
    SEARCH,
    SITE,
    TOPICS,
    article_key,
    person_key,
    purge_keys,
    section_key,
    tag_key,
    topic_key,
)

Shown = TypeVar("Shown", bound=Iterable[Any])


# --- what a page shows ------------------------------------------------------------------------


def key_of(item: object) -> str | None:
    if isinstance(item, ArticlePage):
        return article_key(item.pk)
    if isinstance(item, TopicPage):
        return topic_key(item.pk)
    if isinstance(item, SectionPage):
        return section_key(item.pk)
    return None


def shown(items: Shown) -> Shown:
    """Tag the page being rendered with the articles (or topics) it lists; returns them unchanged."""
    add_keys(*(key for item in items if item is not None and (key := key_of(item))))
    return items


def article_page_keys(article: ArticlePage, writer_ids: Iterable[int], tag_slugs: Iterable[str]) -> list[str]:
    """The keys of an article's own page: it shows its section, topic, tags and people by name."""
    keys = [article_key(article.pk)]
    if article.section_id:
        keys.append(section_key(article.section_id))
    if article.topic_id:
        keys.append(topic_key(article.topic_id))
    keys += [tag_key(slug) for slug in tag_slugs]
    people = set(writer_ids) | ({article.editor_id} if article.editor_id else set())
    keys += [person_key(person_id) for person_id in sorted(people)]
    return keys


# --- what a change purges ---------------------------------------------------------------------


def keys_for_article_change(article: ArticlePage) -> list[str]:
    """Its page, every page listing it (they carry its key), and every listing it now belongs on."""
    writer_ids = [writer.person_id for writer in article.writers.all()]
    tag_slugs = [tag.slug for tag in article.tags.all()]
    return [*article_page_keys(article, writer_ids, tag_slugs), FRONT, SEARCH]


def keys_for_page_change(page: Page) -> list[str]:
    """What to purge when `page` (any kind, specific or not) is published, unpublished or deleted."""
    page = page.specific_deferred if type(page) is Page else page
    if isinstance(page, ArticlePage):
        return keys_for_article_change(page)
    if isinstance(page, SectionPage):
        return [section_key(page.pk), SITE]  # every page's navigation names the sections
    if isinstance(page, TopicPage):
        return [topic_key(page.pk), TOPICS]
    if isinstance(page, TopicIndexPage):
        return [TOPICS]
    if isinstance(page, HomePage):
        return [FRONT]
    return []


def keys_for_subtree(page: Page) -> list[str]:
    """A moved subtree: its articles where they were listed, and the listings they now belong on."""
    keys = {FRONT, SEARCH}
    for article_id, section_id, topic_id in ArticlePage.objects.descendant_of(page, inclusive=True).values_list(
        "pk", "section_id", "topic_id"
    ):
        keys.add(article_key(article_id))
        if section_id:
            keys.add(section_key(section_id))
        if topic_id:
            keys.add(topic_key(topic_id))
    keys.update(keys_for_page_change(page))
    return sorted(keys)


def purge_page(page: Page, *, hard: bool) -> None:
    if isinstance(page, SectionPage):
        # The navigation is cached on its own for a minute; the pages rendered again must not reuse it.
        cache.delete(NAVIGATION_CACHE_KEY)
    purge_keys(keys_for_page_change(page), hard=hard)


def purge_published(sender: type, instance: Page, **kwargs: object) -> None:
    # Also the scheduled publish: Wagtail's publish_scheduled publishes the revision the same way.
    purge_page(instance, hard=False)


def purge_unpublished(sender: type, instance: Page, **kwargs: object) -> None:
    # Hard: an unpublished article must not live on as a stale copy, not even while the database is down.
    purge_page(instance, hard=True)


def purge_deleted(sender: type, instance: Page, **kwargs: object) -> None:
    purge_page(instance, hard=True)


def purge_moved(sender: type, instance: Page, **kwargs: object) -> None:
    cache.delete(NAVIGATION_CACHE_KEY)  # a moved section changes the navigation's order
    purge_keys(keys_for_subtree(instance))


def purge_privacy_changed(sender: type, instance: PageViewRestriction, **kwargs: object) -> None:
    # Rare, and it may hide a whole section: every page goes, hard, so no private text stays cached.
    purge_keys([SITE], hard=True)


def remember_tag_slug(sender: type, instance: Tag, **kwargs: object) -> None:
    instance._kabar_slug_before = Tag.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()


def purge_tag(sender: type, instance: Tag, **kwargs: object) -> None:
    slugs = {instance.slug, getattr(instance, "_kabar_slug_before", None)} - {None}
    purge_keys([tag_key(slug) for slug in slugs])


def connect() -> None:
    uid = "kabar.articles.caching."
    page_published.connect(purge_published, dispatch_uid=uid + "published")
    page_unpublished.connect(purge_unpublished, dispatch_uid=uid + "unpublished")
    post_page_move.connect(purge_moved, dispatch_uid=uid + "moved")
    # Before the rows go: the article's writers and tags are still there to name its listings. Per
    # model: a pre_delete listener makes Django load every row it deletes, so none for all models.
    for model in (ArticlePage, SectionPage, TopicPage, TopicIndexPage, HomePage):
        pre_delete.connect(purge_deleted, sender=model, dispatch_uid=f"{uid}deleted.{model.__name__}")
    post_save.connect(purge_privacy_changed, sender=PageViewRestriction, dispatch_uid=uid + "privacy_saved")
    pre_delete.connect(purge_privacy_changed, sender=PageViewRestriction, dispatch_uid=uid + "privacy_deleted")
    pre_save.connect(remember_tag_slug, sender=Tag, dispatch_uid=uid + "tag_before")
    post_save.connect(purge_tag, sender=Tag, dispatch_uid=uid + "tag_saved")
    pre_delete.connect(purge_tag, sender=Tag, dispatch_uid=uid + "tag_deleted")
