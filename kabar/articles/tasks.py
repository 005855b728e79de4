"""The worker's side of articles: django-tasks runs these in `kabar worker` (inline in the tests)."""

from __future__ import annotations

from django_tasks import task
from wagtail.models import Page

from kabar.articles import services
from kabar.delivery.purge import SEARCH, purge_keys


@task()
def refresh_search_entries(article_ids: list[int]) -> int:
    findable = services.refresh_search_entries(article_ids)
    # Search pages were purged with the article; one rendered in between may still lack it.
    purge_keys([SEARCH])
    return findable


@task()
def refresh_search_entries_below(page_id: int) -> int:
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # deleted since: its articles' entries went with them
        return 0
    findable = services.refresh_search_entries_below(page)
    purge_keys([SEARCH])
    return findable
