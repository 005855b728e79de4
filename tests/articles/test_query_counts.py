"""Public pages read the database a fixed number of times, however many articles there are."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kabar.articles.models import ArticlePage, TopicPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered_every_time(settings):
    """These tests count what rendering a page costs, so the page cache must not answer for it."""
    settings.KABAR_PAGE_CACHE_ENABLED = False


def add_articles(count: int, start: int) -> None:
    """Articles as the newsroom makes them: lead image, writer, tags, topic, some editors' picks."""
    sections = [factories.section("Nasional"), factories.section("Ekonomi")]
    story = TopicPage.objects.first() or factories.topic("Harga beras")
    for n in range(start, start + count):
        factories.article(
            f"Artikel {n}",
            in_section=sections[n % 2],
            lead_image=factories.image(size=(480, 270)),
            writers=[factories.person(f"Penulis {n}")],
            tags=["beras", f"tag-{n}"],
            topic=story,
            is_editors_pick=n % 3 == 0,
            published_at=factories.now() - dt.timedelta(minutes=n + 1),
        )


def queries_to_render(client, url: str) -> int:
    first = client.get(url)  # the first view makes the image renditions
    assert first.status_code == 200
    # Counted with an empty cache, as after a restart: Wagtail would otherwise find renditions there.
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.fixture
def counts_at_5_and_25(client):
    def measure(url_for):
        add_articles(5, start=0)
        few = queries_to_render(client, url_for())
        add_articles(20, start=5)
        many = queries_to_render(client, url_for())
        return few, many

    return measure


def test_article_page_query_count_does_not_grow_with_the_archive(client, counts_at_5_and_25):
    few, many = counts_at_5_and_25(lambda: ArticlePage.objects.get(title="Artikel 0").dated_path())
    assert few == many


def test_home_page_query_count_does_not_grow_with_the_archive(client, counts_at_5_and_25):
    few, many = counts_at_5_and_25(lambda: "/")
    assert few == many


def test_section_page_query_count_does_not_grow_with_the_archive(client, counts_at_5_and_25):
    few, many = counts_at_5_and_25(lambda: "/nasional/")
    assert few == many


def test_topic_page_query_count_does_not_grow_with_the_archive(client, counts_at_5_and_25):
    few, many = counts_at_5_and_25(lambda: TopicPage.objects.get().url)
    assert few == many


def test_feed_query_count_does_not_grow_with_the_archive(client, counts_at_5_and_25):
    few, many = counts_at_5_and_25(lambda: "/feed/")
    assert few == many
