import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kabar.articles import queries, services
from kabar.articles.models import ArticlePage, ArticleViewCount, HomePage
from kabar.articles.views import PIXEL
from tests import factories
from tests.parsing import html

pytestmark = pytest.mark.django_db


def ago(hours: float) -> dt.datetime:
    return factories.now() - dt.timedelta(hours=hours)


def headlines(element) -> list[str]:
    return [h.text.strip() for h in element.find_all("h3", cls="card__headline")]


def record_views(article: ArticlePage, count: int) -> None:
    for _ in range(count):
        services.record_page_view(article.pk)


@pytest.fixture
def slow_flush(settings):
    """Views stay in memory until flush_page_views(), however long the suite has been running."""
    settings.KABAR_PAGEVIEW_FLUSH_SECONDS = 3600


# --- home ---------------------------------------------------------------------------------


def test_home_leads_with_the_newest_editors_pick_then_other_picks_and_latest(client):
    older_pick = factories.article("Pilihan lama", is_editors_pick=True, published_at=ago(5))
    newest_pick = factories.article("Pilihan terbaru", is_editors_pick=True, published_at=ago(1))
    plain = factories.article("Berita biasa", published_at=ago(2))
    document = html(client.get("/"))
    assert headlines(document.find("section", cls="front__lead")) == [newest_pick.title]
    assert headlines(document.find("section", cls="front__picks")) == [older_pick.title]
    assert headlines(document.find("section", cls="front__latest")) == [plain.title]


def test_home_leads_with_the_story_the_editor_chose(client):
    chosen = factories.article("Dipilih sebagai utama", published_at=ago(10))
    factories.article("Pilihan redaksi", is_editors_pick=True, published_at=ago(1))
    home = HomePage.objects.get()
    home.lead_article = chosen
    home.save_revision().publish()
    document = html(client.get("/"))
    assert headlines(document.find("section", cls="front__lead")) == [chosen.title]
    assert headlines(document.find("main")).count(chosen.title) == 1


def test_home_does_not_lead_with_a_chosen_story_that_was_unpublished(client):
    chosen = factories.article("Utama lalu ditarik")
    pick = factories.article("Pilihan redaksi", is_editors_pick=True)
    home = HomePage.objects.get()
    home.lead_article = chosen
    home.save_revision().publish()
    services.unpublish_article(ArticlePage.objects.get(pk=chosen.pk))
    document = html(client.get("/"))
    assert headlines(document.find("section", cls="front__lead")) == [pick.title]
    assert chosen.title not in document.find("main").text


def test_home_lists_most_read_from_recorded_views(client, slow_flush, settings):
    # Counted views reach a cached front only when it expires (KABAR_PAGE_CACHE_SECONDS): rendered each time here.
    settings.KABAR_PAGE_CACHE_ENABLED = False
    popular = factories.article("Paling banyak dibaca")
    second = factories.article("Kedua terbanyak")
    factories.article("Tidak dibaca")
    record_views(popular, 5)
    record_views(second, 2)
    assert html(client.get("/")).find("section", cls="most-read") is None
    services.flush_page_views()
    most_read = html(client.get("/")).find("section", cls="most-read")
    assert [a.text for a in most_read.find_all("a")] == ["Paling banyak dibaca", "Kedua terbanyak"]
    assert most_read.links() == [popular.dated_path(), second.dated_path()]


def test_most_read_ignores_views_older_than_a_day(client, slow_flush):
    old_favourite = factories.article("Populer kemarin lusa")
    fresh = factories.article("Populer hari ini")
    services.record_page_view(old_favourite.pk, now=ago(50))
    services.record_page_view(old_favourite.pk, now=ago(50))
    services.record_page_view(fresh.pk)
    services.flush_page_views()
    most_read = html(client.get("/")).find("section", cls="most-read")
    assert [a.text for a in most_read.find_all("a")] == ["Populer hari ini"]


def test_home_has_a_block_per_section_with_its_newest_articles_not_already_on_the_front(client):
    ekonomi = factories.section("Ekonomi")
    olahraga = factories.section("Olahraga")
    for n in range(queries.FRONT_LATEST):  # the newest fill Terkini, above the sections
        factories.article(f"Nasional {n}", published_at=ago(n / 100))
    for n in range(5):
        factories.article(f"Ekonomi {n}", in_section=ekonomi, published_at=ago(n + 1))
    factories.article("Sepak bola", in_section=olahraga, published_at=ago(10))
    document = html(client.get("/"))
    blocks = {
        block.find("h2").text.strip(): headlines(block) for block in document.find_all("section", cls="front__section")
    }
    assert blocks["Ekonomi"] == ["Ekonomi 0", "Ekonomi 1", "Ekonomi 2", "Ekonomi 3"]
    assert blocks["Olahraga"] == ["Sepak bola"]
    assert "Nasional" not in blocks  # all of it is in Terkini already


def test_home_never_shows_drafts(client):
    factories.article("Draf rahasia", is_editors_pick=True, published=False)
    assert "Draf rahasia" not in html(client.get("/")).find("main").text


# --- listings and pagination --------------------------------------------------------------


LISTINGS = ["section", "topic", "tag", "author"]


@pytest.fixture
def archive():
    """21 articles, one more than a listing page holds, sharing a section, topic, tag and writer."""
    section = factories.section("Ekonomi")
    story = factories.topic("Harga beras")
    writer = factories.person("Rina Wijaya")
    pages = [
        factories.article(
            f"Beras {n:02d}", in_section=section, topic=story, tags=["beras"], writers=[writer], published_at=ago(n + 1)
        )
        for n in range(21)
    ]
    factories.article("Draf beras", in_section=section, topic=story, tags=["beras"], writers=[writer], published=False)
    factories.article("Di rubrik lain", in_section=factories.section("Nasional"))
    urls = {
        "section": "/ekonomi/",
        "topic": story.url,
        "tag": "/tag/beras/",
        "author": writer.get_absolute_url(),
    }
    return pages, urls


def listing_titles(client, url: str, **params: str) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return headlines(html(response).find("div", cls="listing__main"))


@pytest.mark.parametrize("listing", LISTINGS)
def test_listing_paginates_newest_first_clamping_page_numbers(client, archive, listing):
    pages, urls = archive
    titles = [p.title for p in pages]
    assert listing_titles(client, urls[listing]) == titles[:20]
    assert listing_titles(client, urls[listing], page="2") == titles[20:]
    assert listing_titles(client, urls[listing], page="999") == titles[20:]
    assert listing_titles(client, urls[listing], page="abc") == titles[:20]
    pagination = html(client.get(urls[listing])).find("nav", cls="pagination")
    assert [a.attrs["href"] for a in pagination.find_all("a", rel="next")] == ["?page=2"]


def test_unknown_tag_and_author_are_not_found(client):
    assert client.get("/tag/tidak-ada/").status_code == 404
    assert client.get("/penulis/tidak-ada/").status_code == 404


def test_topic_index_lists_topics(client):
    story = factories.topic("Kunjungan Kim Jong Un ke Rusia")
    document = html(client.get("/topik/"))
    assert story.url in document.find("ul", cls="topic-list").links()


# --- errors, health, robots ----------------------------------------------------------------


def test_unknown_page_gives_404_in_the_site_layout(client):
    factories.section("Nasional")
    response = client.get("/halaman-yang-tidak-ada/")
    assert response.status_code == 404
    document = html(response)
    assert document.find("header", cls="site-header") is not None
    assert "/nasional/" in document.find("nav", cls="site-nav").links()
    assert document.find("div", cls="error-page") is not None


def test_healthz_reports_ok_as_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_robots_txt_names_both_sitemaps_and_keeps_crawlers_out_of_the_admin(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.startswith("Sitemap:")]
    assert sitemaps == [settings.BASE_URL + "/sitemap.xml", settings.BASE_URL + "/sitemap-news.xml"]
    assert "Disallow: /admin/" in lines


# --- the view counter ---------------------------------------------------------------------


def test_hit_returns_a_gif_and_counts_in_memory_until_flushed(client, slow_flush):
    page = factories.article("Dibaca")
    with CaptureQueriesContext(connection) as queries:
        responses = [client.get(f"/hit/{page.pk}/") for _ in range(3)]
    assert len(queries) == 0
    assert all(r.status_code == 200 and r["Content-Type"] == "image/gif" for r in responses)
    assert responses[0].content == PIXEL
    assert responses[0].content.startswith(b"GIF89a")
    assert not ArticleViewCount.objects.filter(article_id=page.pk).exists()
    assert services.flush_page_views() == 1
    assert ArticleViewCount.objects.get(article_id=page.pk).views == 3


def test_flush_adds_to_the_count_already_stored(slow_flush):
    page = factories.article("Dibaca dua kali")
    services.record_page_view(page.pk)
    services.flush_page_views()
    services.record_page_view(page.pk)
    services.record_page_view(page.pk)
    services.flush_page_views()
    assert ArticleViewCount.objects.get(article_id=page.pk).views == 3


def test_flush_writes_all_counts_in_one_statement(slow_flush, django_assert_num_queries):
    pages = [factories.article(f"Artikel {n}") for n in range(4)]
    for page in pages:
        services.record_page_view(page.pk)
    with django_assert_num_queries(2):  # which ids exist, then one INSERT ... ON CONFLICT
        assert services.flush_page_views() == 4


def test_views_of_unknown_articles_are_dropped(client, slow_flush):
    response = client.get("/hit/987654/")
    assert response.status_code == 200
    assert services.flush_page_views() == 0
    assert not ArticleViewCount.objects.exists()


def test_hit_response_is_never_cached(client):
    page = factories.article("Tanpa cache")
    response = client.get(f"/hit/{page.pk}/")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_hit_for_an_id_beyond_the_database_integer_range_is_not_counted(client, slow_flush):
    page = factories.article("Tetap terhitung")
    client.get(f"/hit/{page.pk}/")
    assert client.get("/hit/" + "9" * 25 + "/").status_code == 404
    # The real view counted before it is still written.
    assert services.flush_page_views() == 1
    assert ArticleViewCount.objects.get(article_id=page.pk).views == 1
