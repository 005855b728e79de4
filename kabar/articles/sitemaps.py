"""Sitemaps: an index at /sitemap.xml over sections, topics and articles; Google News at /sitemap-news.xml."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kabar.articles.models import ArticlePage, HomePage, SectionPage, TopicPage
from kabar.articles.queries import live_fronts

NEWS_SITEMAP_WINDOW = dt.timedelta(hours=48)
NEWS_SITEMAP_LIMIT = 1000


class KabarSitemap(Sitemap):
    """URLs under KABAR_BASE_URL, like the canonical links on the pages, whatever host was asked."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.BASE_URL).scheme

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.BASE_URL).netloc


class FrontsSitemap(KabarSitemap):
    """The home page, the sections and the topics."""

    changefreq = "hourly"

    def items(self) -> list[Any]:
        pages: list[Any] = list(HomePage.objects.live().public())
        pages += list(live_fronts(SectionPage).public().order_by("path"))
        pages += list(live_fronts(TopicPage).public().order_by("path"))
        return pages

    def location(self, item: Any) -> str:
        return item.get_url() or "/"

    def lastmod(self, item: Any) -> dt.datetime | None:
        return item.last_published_at


class ArticleSitemap(KabarSitemap):
    """Every published, public article, oldest first, so earlier sitemap pages never change."""

    limit = 5000

    def items(self) -> Any:
        return (
            ArticlePage.objects.live()
            .public()
            .filter(published_at__isnull=False)
            .select_related("section")
            .only("pk", "slug", "published_at", "first_published_at", "last_published_at", "section__slug")
            .order_by("published_at", "pk")
        )

    def location(self, item: ArticlePage) -> str:
        return item.dated_path()

    def lastmod(self, item: ArticlePage) -> dt.datetime | None:
        return item.last_published_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        # Django's default loads every article to find the newest; the index needs one aggregate.
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]


SITEMAPS = {"fronts": FrontsSitemap, "articles": ArticleSitemap}


@x_robots_tag
@require_GET
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """/sitemap.xml: Django's index names its sitemaps under the request's host; Kabar's under KABAR_BASE_URL."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = settings.BASE_URL + reverse("sitemap_section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries += [SitemapIndexItem(f"{location}?p={n}", lastmod) for n in range(2, sitemap.paginator.num_pages + 1)]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


@require_GET
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News: articles of the last 48 hours, at most 1,000, newest first."""
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    articles = list(
        ArticlePage.objects.live()
        .public()
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
