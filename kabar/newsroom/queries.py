"""Reads for the newsroom's own screens: the bin."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from wagtail.models import Page

from kabar.articles.models import ArticlePage
from kabar.newsroom.models import BinnedArticle


def binned_articles() -> QuerySet[BinnedArticle]:
    """The bin, most recently binned first, with what its listing shows."""
    return BinnedArticle.objects.select_related("article", "article__section", "binned_by").order_by(
        "-binned_at", "-pk"
    )


def binned_article_ids() -> QuerySet[BinnedArticle]:
    """A subquery of binned page ids, for leaving them out of other listings."""
    return BinnedArticle.objects.values("article_id")


def is_binned(page_id: int) -> bool:
    return BinnedArticle.objects.filter(article_id=page_id).exists()


def deleted_for_good_at(entry: BinnedArticle) -> dt.datetime:
    return entry.binned_at + dt.timedelta(days=settings.KABAR_BIN_DAYS)


def articles_under(page: Page) -> int:
    """How many articles (binned or not) a folder or section holds: deleting it would delete them too."""
    return ArticlePage.objects.descendant_of(page).count()
