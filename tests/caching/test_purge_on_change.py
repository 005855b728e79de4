"""Every change that alters a page purges it: the next reader gets the new page, not the cached one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from wagtail.models import PageViewRestriction

from kabar.articles import services
from kabar.articles.models import ArticlePage, HomePage
from kabar.core.models import PublicationSettings
from kabar.delivery.pagecache.stores import Entry, get_store
from kabar.delivery.purge import article_key, purge_keys
from kabar.newsroom.services import publish_due_articles
from tests import factories

pytestmark = pytest.mark.django_db


def cached(client, *urls: str) -> None:
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url


def rendered_again(client, url: str) -> str:
    response = client.get(url)
    assert response["X-Cache"] == "MISS", url
    return response.content.decode()


@pytest.fixture
def story():
    return factories.article(
        "Banjir di Jakarta",
        writers=[factories.person("Rina Wijaya")],
        tags=["banjir"],
        topic=factories.topic("Banjir Jakarta 2026"),
    )


def test_a_correction_shows_on_the_article_at_the_next_request(client, story):
    cached(client, story.dated_path())
    services.correct_article(story, "Jumlah pengungsi 1.200, bukan 12.000.")
    assert "Jumlah pengungsi 1.200" in rendered_again(client, story.dated_path())


def test_publishing_puts_the_article_on_every_listing_it_belongs_on(client, story):
    person = story.writers.get().person
    listings = ["/", "/nasional/", story.topic.url, "/tag/banjir/", person.get_absolute_url(), "/feed/"]
    cached(client, *listings)
    fresh = factories.article("Air mulai surut", writers=[person], tags=["banjir"], topic=story.topic, published=False)
    services.publish_article(fresh)
    for url in listings:
        assert "Air mulai surut" in rendered_again(client, url), url


def test_a_headline_change_reaches_the_fronts_that_list_the_article(client, story):
    cached(client, "/", "/nasional/")
    page = ArticlePage.objects.get(pk=story.pk)
    page.title = "Banjir surut di Jakarta Utara"
    page.save_revision().publish()
    for url in ("/", "/nasional/"):
        assert "Banjir surut di Jakarta Utara" in rendered_again(client, url), url


def test_unpublishing_removes_the_article_everywhere_and_keeps_no_stale_copy(client, story):
    cached(client, story.dated_path(), "/")
    services.unpublish_article(ArticlePage.objects.get(pk=story.pk))
    assert client.get(story.dated_path()).status_code == 404
    assert "Banjir di Jakarta" not in rendered_again(client, "/")
    # Hard: no stored page names the article any more, not even a stale copy for a database outage.
    assert get_store().purge([article_key(story.pk)]) == 0


def test_a_scheduled_publish_firing_purges_the_front(client):
    cached(client, "/")
    page = factories.article("Terbit pukul enam", published=False)
    page.save_revision(approved_go_live_at=factories.now() - dt.timedelta(minutes=1))
    assert publish_due_articles() == 1
    assert "Terbit pukul enam" in rendered_again(client, "/")


def test_an_article_expiring_on_schedule_leaves_the_front(client, story):
    cached(client, "/")
    ArticlePage.objects.filter(pk=story.pk).update(expire_at=factories.now() - dt.timedelta(minutes=1))
    publish_due_articles()
    assert "Banjir di Jakarta" not in rendered_again(client, "/")


def test_renaming_a_writer_updates_their_articles_and_author_page(client, story):
    person = story.writers.get().person
    cached(client, story.dated_path(), person.get_absolute_url())
    person.name = "Rina Wijaya Kusuma"
    person.save()
    for url in (story.dated_path(), person.get_absolute_url()):
        assert "Rina Wijaya Kusuma" in rendered_again(client, url), url


def test_renaming_a_tag_updates_the_articles_that_show_it(client, story):
    from taggit.models import Tag

    cached(client, story.dated_path())
    tag = Tag.objects.get(slug="banjir")
    tag.name = "Banjir Bandang"
    tag.save()
    assert "Banjir Bandang" in rendered_again(client, story.dated_path())


def test_renaming_a_section_updates_the_navigation_on_every_page(client, story):
    cached(client, "/", story.dated_path(), "/topik/")
    section = story.section
    section.title = "Nusantara"
    section.save_revision().publish()
    for url in ("/", story.dated_path(), "/topik/"):
        assert ">Nusantara</a>" in rendered_again(client, url), url


def test_changing_the_publication_settings_purges_every_page(client, story):
    cached(client, "/", story.dated_path())
    site_settings = PublicationSettings.for_site(HomePage.objects.get().get_site())
    site_settings.x_handle = "kabarbaru"
    site_settings.save()
    rendered_again(client, "/")
    assert 'content="@kabarbaru"' in rendered_again(client, story.dated_path())


def test_making_an_article_private_drops_it_from_every_cached_page(client, story):
    cached(client, "/", story.dated_path())
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    assert "Banjir di Jakarta" not in rendered_again(client, "/")
    assert client.get(story.dated_path()).status_code == 302


def test_moving_an_article_to_another_section_updates_both_sections(client, story):
    ekonomi = factories.section("Ekonomi")
    cached(client, "/nasional/", "/ekonomi/")
    folder = services.month_folder(ekonomi)
    ArticlePage.objects.get(pk=story.pk).move(folder, pos="last-child")
    assert "Banjir di Jakarta" not in rendered_again(client, "/nasional/")
    assert "Banjir di Jakarta" in rendered_again(client, "/ekonomi/")


def test_deleting_an_article_removes_it_from_the_front(client, story):
    cached(client, "/")
    ArticlePage.objects.get(pk=story.pk).delete()
    assert "Banjir di Jakarta" not in rendered_again(client, "/")


def test_a_page_cached_while_the_transaction_was_open_is_purged_again_when_it_commits(
    client, story, django_capture_on_commit_callbacks
):
    url = story.dated_path()
    cached(client, url)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        purge_keys([article_key(story.pk)])
        # A reader's request renders the page now, from rows the transaction may still change.
        assert client.get(url)["X-Cache"] == "MISS"
        assert client.get(url)["X-Cache"] == "HIT"
    assert client.get(url)["X-Cache"] == "MISS"


def test_a_render_that_started_before_a_purge_is_stored_already_stale():
    store = get_store()
    started = store.purge_count()
    store.purge(["article:1"])
    assert store.save("during-the-purge", entry(("article:1", "site")), started) is False
    assert store.lookup("during-the-purge")[1] is False
    assert store.save("unrelated", entry(("article:2", "site")), started) is True
    assert store.lookup("unrelated")[1] is True


def test_keys_with_spaces_or_commas_are_refused():
    with pytest.raises(ValueError):
        purge_keys(["tag:dua kata"])
    with pytest.raises(ValueError):
        purge_keys(["a,b"])


def entry(keys: tuple[str, ...]) -> Entry:
    import time

    now = time.time()
    return Entry(
        status="200 OK",
        headers=[("Content-Type", "text/html")],
        body=b"<p>halaman</p>",
        keys=keys,
        etag='"x"',
        last_modified=now,
        variant="reader",
        stored_at=now,
        fresh_until=now + 60,
        keep_until=now + 600,
    )
