"""Readers' search follows what readers may see: connected in apps.py.

Publishing, unpublishing (the bin and expiry too) and a privacy change queue a refresh of the
search entries for the worker; stemming a long article is not the editor's wait. A deleted
article's entry goes with it (a cascade).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from kabar.articles.models import ArticlePage
from kabar.articles.tasks import refresh_search_entries, refresh_search_entries_below


def article_changed(sender: type, instance: Page, **kwargs: object) -> None:
    if isinstance(instance, ArticlePage):
        refresh_search_entries.enqueue([instance.pk])


def privacy_changed(sender: type, instance: PageViewRestriction, **kwargs: object) -> None:
    refresh_search_entries_below.enqueue(instance.page_id)


def connect() -> None:
    uid = "kabar.articles.receivers."
    page_published.connect(article_changed, dispatch_uid=uid + "published")
    page_unpublished.connect(article_changed, dispatch_uid=uid + "unpublished")
    post_save.connect(privacy_changed, sender=PageViewRestriction, dispatch_uid=uid + "privacy_saved")
    post_delete.connect(privacy_changed, sender=PageViewRestriction, dispatch_uid=uid + "privacy_deleted")
