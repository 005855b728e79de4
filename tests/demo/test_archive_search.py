"""The bulk archive is searchable: its index rows are written in bulk, as the search backend writes them."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from kabar.articles.models import ArticlePage
from kabar.articles.queries import search_page
from kabar.demo import services
from kabar.demo.models import DemoArticle
from tests.demo.support import PASSWORD, seed

pytestmark = pytest.mark.django_db


def found(article: ArticlePage, query: str) -> bool:
    """Whether any page of the search for `query` lists the article (archive headlines repeat)."""
    number = 1
    while True:
        page = search_page(query, number)
        if article.pk in {result.pk for result in page}:
            return True
        if not page.has_next():
            return False
        number += 1


def archive_pages() -> list[ArticlePage]:
    ids = DemoArticle.objects.filter(archive_number__isnull=False).values("page_id")
    return list(ArticlePage.objects.filter(pk__in=ids).order_by("pk"))


def archive_entries() -> IndexEntry:
    ids = [str(pk) for pk in DemoArticle.objects.filter(archive_number__isnull=False).values_list("page_id", flat=True)]
    return IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(ArticlePage), object_id__in=ids)


def entry_values(page: ArticlePage) -> tuple[str, str, str]:
    entry = IndexEntry.objects.get(content_type=ContentType.objects.get_for_model(ArticlePage), object_id=str(page.pk))
    return str(entry.title), str(entry.autocomplete), str(entry.body)


def test_a_word_from_an_archive_article_finds_it_after_seeding():
    seed(password=PASSWORD, articles=200)
    pages = archive_pages()
    assert archive_entries().count() == 200

    article = pages[-1]
    assert found(article, article.title)
    words = article.paragraphs_text()[0].split()
    word = max(words, key=len).strip(".,;:\"'“”()")
    assert found(article, word)


def test_archive_index_rows_are_what_the_search_backend_itself_writes():
    seed(password=PASSWORD, articles=60)
    for page in archive_pages()[::20]:
        bulk = entry_values(page)
        if connection.vendor == "sqlite":  # PostgreSQL keeps the stems as a tsvector
            assert bulk[2] == page.search_stems()
        get_search_backend().add(page)  # re-indexes the page the ordinary way, over the bulk row
        assert entry_values(page) == bulk


def test_index_archive_adds_only_the_missing_entries_and_is_idempotent():
    seed(password=PASSWORD, articles=120)
    archive_entries().filter(object_id__in=[str(page.pk) for page in archive_pages()[:70]]).delete()
    untouched = archive_entries().values_list("pk", flat=True)
    kept = set(untouched)
    assert len(kept) == 50

    out = seed(index_archive=True)
    assert "70" in out
    assert archive_entries().count() == 120
    assert kept <= set(archive_entries().values_list("pk", flat=True))
    assert services.index_archive() == 0

    article = archive_pages()[0]
    assert found(article, article.title)
