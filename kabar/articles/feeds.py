"""RSS 2.0: /feed/ for the whole site, /<section>/feed/ per section."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Rss201rev2Feed

from kabar.articles import queries
from kabar.articles.caching import shown
from kabar.articles.models import ArticlePage, SectionPage
from kabar.articles.structured_data import absolute
from kabar.delivery.pagecache import add_keys
from kabar.delivery.purge import FRONT, section_key

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, section: str | None = None) -> SectionPage | None:
        if section is None:
            return None
        found = SectionPage.objects.live().filter(slug=section).first()
        if found is None:
            raise Http404("No such section")
        return found

    def title(self, obj: SectionPage | None) -> str:
        return f"{obj.title} - {settings.SITE_NAME}" if obj else settings.SITE_NAME

    # Links are absolute under KABAR_BASE_URL, as on the pages, not under whatever host the request named.
    def link(self, obj: SectionPage | None) -> str:
        return absolute(f"/{obj.slug}/" if obj else "/")

    def feed_url(self, obj: SectionPage | None) -> str:
        return absolute(f"/{obj.slug}/feed/" if obj else "/feed/")

    def description(self, obj: SectionPage | None) -> str:
        return obj.description if obj and obj.description else settings.SITE_NAME

    def items(self, obj: SectionPage | None) -> list[ArticlePage]:
        articles = queries.section_articles(obj) if obj else queries.published_articles()
        # The site's feed lists the newest articles, as the front does, and is purged with it.
        add_keys(section_key(obj.pk) if obj else FRONT)
        return shown(list(queries.with_bylines(articles)[:FEED_SIZE]))

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.summary

    def item_link(self, item: ArticlePage) -> str:
        return absolute(item.dated_path())

    def item_pubdate(self, item: ArticlePage) -> dt.datetime | None:
        return item.first_published_at

    def item_updateddate(self, item: ArticlePage) -> dt.datetime | None:
        return item.last_published_at

    def item_author_name(self, item: ArticlePage) -> str | None:
        names = [w.person.name for w in item.writers.all()]
        return ", ".join(names) or None

    def item_categories(self, item: ArticlePage) -> list[str]:
        return [item.section.title] if item.section_id else []

    def item_guid(self, item: ArticlePage) -> str:
        return f"{settings.BASE_URL}/a/{item.pk}"

    item_guid_is_permalink = False
