"""Reads the demo needs: is the newsroom empty, which articles it already made, how big its archive is."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Min

from kabar.articles.models import ArticlePage
from kabar.demo.models import DemoArticle


def newsroom_has_articles() -> bool:
    return ArticlePage.objects.exists()


def demo_articles_by_key() -> dict[str, ArticlePage]:
    """The articles made from articles.json entries, by their key."""
    rows = DemoArticle.objects.filter(archive_number__isnull=True).select_related("page")
    return {row.key: row.page for row in rows}


def archive_size() -> int:
    return DemoArticle.objects.filter(archive_number__isnull=False).count()


def last_archive_number() -> int:
    return DemoArticle.objects.aggregate(last=Max("archive_number"))["last"] or 0


def oldest_publication() -> dt.datetime | None:
    return ArticlePage.objects.filter(live=True).aggregate(oldest=Min("published_at"))["oldest"]
