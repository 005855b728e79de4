"""Sitemaps: an index at /sitemap.xml over sections, topics and articles; Google News at /sitemap-news.xml."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from kabar.articles.models import ArticlePage, HomePage, SectionPage, TopicPage

NEWS_SITEMAP_WINDOW = dt.timedelta(hours=48)
NEWS_SITEMAP_LIMIT = 1000


class FrontsSitemap(Sitemap):
    """The home page, the sections and the topics."""

    changefreq = "hourly"

    def items(self) -> list[Any]:
        pages: list[Any] = list(HomePage.objects.live())
        pages += list(SectionPage.objects.live().order_by("path"))
        pages += list(TopicPage.objects.live().order_by("path"))
        return pages

    def location(self, item: Any) -> str:
        return item.get_url() or "/"

    def lastmod(self, item: Any) -> dt.datetime | None:
        return item.last_published_at


class ArticleSitemap(Sitemap):
    """Every published article, oldest first, so earlier sitemap pages never change."""

    limit = 5000

    def items(self) -> Any:
        return (
            ArticlePage.objects.live()
            .filter(published_at__isnull=False)
            .select_related("section")
            .only("pk", "slug", "published_at", "first_published_at", "last_published_at", "section__slug")
            .order_by("published_at", "pk")
        )

    def location(self, item: ArticlePage) -> str:
        return item.dated_path()

    def lastmod(self, item: ArticlePage) -> dt.datetime | None:
        return item.last_published_at


SITEMAPS = {"fronts": FrontsSitemap, "articles": ArticleSitemap}


@require_GET
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News: articles of the last 48 hours, at most 1,000, newest first."""
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    articles = list(
        ArticlePage.objects.live()
        .filter(published_at__gte=since)
        .select_related("section")
        .order_by("-published_at", "-pk")[:NEWS_SITEMAP_LIMIT]
    )
    xml = render_to_string(
        "articles/sitemap_news.xml",
        {"articles": articles, "base_url": settings.BASE_URL, "publication_name": settings.SITE_NAME},
    )
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
