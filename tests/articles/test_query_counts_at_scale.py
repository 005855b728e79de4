"""Public pages read the database as many times with 100,000 articles as with 1,000.

The archive is the demo's bulk one (`kabar demo --articles N`), built once and grown: articles in
every section, most with one writer, some under a running story, tags and sources as the newsroom files them.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kabar.articles.models import ArticlePage, ArticleWriter, SectionPage, TopicPage
from kabar.demo import services
from kabar.demo.models import DemoArticle
from kabar.people.models import Person
from tests.demo.support import ENTRIES, PASSWORD, SMALL, demo_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered_every_time(settings, tmp_path):
    """Counting what rendering costs: the page cache must not answer. Seeding's wire files go to a test folder."""
    settings.KABAR_PAGE_CACHE_ENABLED = False
    settings.DATA_DIR = tmp_path / "data"


def queries_to_render(client, url: str) -> int:
    first = client.get(url)  # the first view makes the image renditions
    assert first.status_code == 200, url
    # Counted with an empty cache, as after a restart: Wagtail would otherwise find renditions there.
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def pages_to_count() -> dict[str, str]:
    """One page of each kind, chosen among those the archive fills most."""
    story = next(key for key, entry in ENTRIES.items() if entry.get("topic"))
    archive_ids = DemoArticle.objects.filter(archive_number__isnull=False).values("page_id")
    newest_archived = ArticlePage.objects.filter(pk__in=archive_ids).order_by("-published_at").first()
    section = SectionPage.objects.get(pk=newest_archived.section_id)
    topic = TopicPage.objects.get(pk=demo_page(story).topic_id)
    busiest_writer = (
        ArticleWriter.objects.filter(article__in=archive_ids).values("person_id").order_by("person_id").first()
    )
    writer = Person.objects.get(pk=busiest_writer["person_id"])
    return {
        "article": demo_page(story).dated_path(),
        "archive article": newest_archived.dated_path(),
        "home": "/",
        "section": section.url,
        "section, page 3": f"{section.url}?page=3",
        "topic": topic.url,
        "topic, page 2": f"{topic.url}?page=2",
        "author": f"/penulis/{writer.slug}/",
        "author, page 2": f"/penulis/{writer.slug}/?page=2",
    }


def test_public_pages_read_the_database_as_often_at_100000_articles_as_at_1000(client):
    services.seed_newsroom(SMALL, password=PASSWORD)
    services.seed_archive(1000, SMALL, index=False)
    pages = pages_to_count()
    at_1000 = {name: queries_to_render(client, url) for name, url in pages.items()}

    services.seed_archive(100_000, SMALL, index=False)
    topic = TopicPage.objects.get(url_path__endswith=pages["topic"].rstrip("/").rsplit("/", 1)[-1] + "/")
    assert ArticlePage.objects.filter(topic=topic).count() > 1000, "the story should run through the archive"
    at_100000 = {name: queries_to_render(client, url) for name, url in pages.items()}

    assert at_100000 == at_1000
