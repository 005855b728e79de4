"""Listings walk an index in their own order and stop at a fixed depth: no page sorts or counts the whole archive."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test import RequestFactory

from kabar.articles import queries
from kabar.articles.models import MAX_LIST_PAGES, CappedPaginator, paginate
from tests import factories

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    """The database's plan for the query, with sorting made a last resort on PostgreSQL.

    PostgreSQL plans a tiny test table with a scan and a sort; with both discouraged it still sorts
    when no index gives the order, so a Sort node left in the plan means the index is missing.
    """
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(row[-1] for row in cursor.fetchall())


def assert_walks_index(queryset, index_name: str) -> None:
    found = plan(queryset)
    if connection.vendor == "postgresql":
        # An Incremental Sort only orders ties of published_at by id, a few rows at a time.
        assert not re.search(r"(^|->\s*)Sort\b", found, re.MULTILINE), found
        assert index_name in found, found
    else:
        # SQLite's "RIGHT PART OF ORDER BY" is the same tie-break; a plain temp B-tree is a full sort.
        assert "USE TEMP B-TREE FOR ORDER BY" not in found, found
        assert f"USING INDEX {index_name}" in found, found


@pytest.fixture
def listings():
    nasional, ekonomi = factories.section("Nasional"), factories.section("Ekonomi")
    story = factories.topic("Harga beras")
    for n in range(6):
        factories.article(f"Artikel {n}", in_section=[nasional, ekonomi][n % 2], topic=story if n % 3 else None)
    return nasional, story


def test_section_listing_pages_walk_the_section_index_even_at_the_deepest_page(listings):
    section, _ = listings
    listing = queries.section_articles(section)
    assert_walks_index(listing[:20], "article_section_latest")
    assert_walks_index(listing[(MAX_LIST_PAGES - 1) * 20 : MAX_LIST_PAGES * 20], "article_section_latest")


def test_topic_listing_pages_walk_the_topic_index(listings):
    _, story = listings
    listing = queries.topic_articles(story)
    assert_walks_index(listing[:20], "article_topic_latest")
    assert_walks_index(listing[(MAX_LIST_PAGES - 1) * 20 : MAX_LIST_PAGES * 20], "article_topic_latest")


def test_latest_articles_walk_the_publication_index(listings):
    assert_walks_index(queries.published_articles()[:20], "article_latest")


def test_listings_stop_at_their_deepest_page_and_count_no_further(listings):
    section, _ = listings
    listing = queries.section_articles(section)
    paginator = CappedPaginator(listing, per_page=1, max_pages=2)
    assert paginator.count == 2
    assert paginator.num_pages == 2
    assert paginator.get_page(3).number == 2

    page = paginate(RequestFactory().get("/", {"page": 500}), listing, per_page=1, max_pages=2)
    assert page.number == 2 and not page.has_next()
    everything = paginate(RequestFactory().get("/", {"page": 500}), listing, per_page=1, max_pages=None)
    assert everything.number == 3
