"""Curated fronts: editors' layout blocks on the home page and section fronts, filled automatically where empty."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from kabar.articles import queries, services
from kabar.articles.models import ArticlePage, HomePage, SectionPage
from tests import factories
from tests.parsing import html

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered_every_time(settings):
    settings.KABAR_PAGE_CACHE_ENABLED = False


def ago(hours: float) -> dt.datetime:
    return factories.now() - dt.timedelta(hours=hours)


def front_headlines(document) -> list[str]:
    """Every headline in the front's blocks, top to bottom (the rail's Terpopuler is not a block)."""
    main = document.find("div", cls="front__main")
    return [h.text.strip() for h in main.find_all("h3", cls="card__headline")]


def arrange(page, *blocks) -> None:
    page.front = list(blocks)
    page.save_revision().publish()


def test_the_automatic_front_never_shows_a_story_twice(client):
    ekonomi = factories.section("Ekonomi")
    for n in range(6):
        factories.article(f"Pilihan {n}", is_editors_pick=True, in_section=ekonomi, published_at=ago(n))
    for n in range(14):
        factories.article(f"Ekonomi {n}", in_section=ekonomi, published_at=ago(n + 0.5))
    for n in range(10):
        factories.article(f"Nasional {n}", published_at=ago(n + 0.2))
    shown = front_headlines(html(client.get("/")))
    assert len(shown) == len(set(shown))
    # Lead and picks, all of Terkini, and the sections below still hold what remains.
    assert len(shown) == 1 + queries.FRONT_PICKS + queries.FRONT_LATEST + 2 * queries.FRONT_SECTION


def test_each_section_block_says_see_all_and_links_to_its_section(client):
    ekonomi = factories.section("Ekonomi")
    for n in range(queries.FRONT_LATEST + 2):
        factories.article(f"Ekonomi {n}", in_section=ekonomi, published_at=ago(n))
    block = html(client.get("/")).find("section", cls="front__section")
    see_all = block.find("p", cls="see-all").find("a")
    assert see_all.attrs["href"] == "/ekonomi/"
    assert see_all.text.strip().startswith(gettext("See all"))
    assert block.find("h2").links() == ["/ekonomi/"]


def test_an_empty_block_shows_the_automatic_choice(client):
    newest = [factories.article(f"Baru {n}", published_at=ago(n)) for n in range(4)]
    arrange(factories.home(), ("three_across", {"articles": [], "fill": "latest"}))
    assert front_headlines(html(client.get("/"))) == [a.title for a in newest[:3]]


def test_a_story_the_editor_places_twice_stays_twice_and_automatic_places_skip_it(client):
    chosen = factories.article("Pilihan redaksi", published_at=ago(5))
    others = [factories.article(f"Terbaru {n}", published_at=ago(n)) for n in range(3)]
    arrange(
        factories.home(),
        ("lead", {"articles": [chosen], "fill": "latest"}),
        ("three_across", {"articles": [chosen], "fill": "latest"}),
        ("numbered", {"articles": [], "fill": "latest", "count": 5}),
    )
    assert front_headlines(html(client.get("/"))) == [
        chosen.title,
        chosen.title,
        *[a.title for a in others[:2]],
        others[2].title,
    ]


def test_an_unpublished_pick_gives_its_place_to_the_automatic_choice(client):
    gone = factories.article("Ditarik", published_at=ago(3))
    fresh = factories.article("Terbaru", published_at=ago(1))
    arrange(factories.home(), ("lead", {"articles": [gone], "fill": "latest"}))
    services.unpublish_article(ArticlePage.objects.get(pk=gone.pk))
    assert front_headlines(html(client.get("/"))) == [fresh.title]


def test_a_section_block_and_a_topic_strip_fill_from_their_own_and_link_to_it(client):
    ekonomi = factories.section("Ekonomi")
    story = factories.topic("Harga beras")
    factories.article("Nasional terbaru", published_at=ago(0.1))
    in_section = factories.article("Ekonomi satu", in_section=ekonomi, published_at=ago(1))
    in_topic = factories.article("Beras naik", topic=story, published_at=ago(2))
    arrange(
        factories.home(),
        ("section", {"section": ekonomi, "articles": [], "count": 4}),
        ("topic", {"topic": story, "articles": [], "count": 4}),
    )
    document = html(client.get("/"))
    assert front_headlines(document) == [in_section.title, in_topic.title]
    assert "/ekonomi/" in document.find("section", cls="front__section").links()
    assert queries.front_path(story) in document.find("section", cls="front__topic").links()


def test_a_section_front_shows_its_blocks_then_the_rest_of_its_latest_without_repeats(client):
    ekonomi = factories.section("Ekonomi")
    articles = [factories.article(f"Ekonomi {n}", in_section=ekonomi, published_at=ago(n)) for n in range(6)]
    arrange(SectionPage.objects.get(pk=ekonomi.pk), ("lead_list", {"articles": [articles[3]], "count": 3}))
    document = html(client.get("/ekonomi/"))
    shown = front_headlines(document)
    assert shown[:3] == [articles[3].title, articles[0].title, articles[1].title]
    assert sorted(shown[3:]) == sorted(a.title for a in (articles[2], articles[4], articles[5]))


def test_a_sponsored_article_says_so_on_its_card(client):
    factories.article("Advertorial", sponsored=True)
    factories.article("Berita")
    cards = {
        card.find("h3").text.strip(): card
        for card in html(client.get("/")).find("div", cls="front__main").find_all("article")
    }
    label = gettext("Sponsored content")
    assert label in cards["Advertorial"].text
    assert label not in cards["Berita"].text


def test_the_preview_shows_blocks_not_yet_published(client):
    newest = factories.article("Terbaru", published_at=ago(1))
    chosen = factories.article("Pilihan lama", published_at=ago(9))
    home = HomePage.objects.get()
    home.front = [("lead", {"articles": [chosen], "fill": "latest"}), ("three_across", {"articles": []})]
    response = home.make_preview_request()
    assert response.status_code == 200
    assert front_headlines(html(response)) == [chosen.title, newest.title]
    assert front_headlines(html(client.get("/")))[0] != chosen.title  # the live front is unchanged


# What rendering the home page reads with three sections, whatever the number of blocks: the whole
# front is 6 queries (private sections, sections, most read, one for every block's candidates, the
# articles, their renditions), a topic strip's topics one more; the rest is the site's (site, header,
# ads, navigation).
AUTOMATIC_HOME_QUERIES = 17
ARRANGED_HOME_QUERIES = 18


def test_the_home_page_reads_the_database_a_bounded_number_of_times(client):
    sections = [factories.section(name) for name in ("Nasional", "Ekonomi", "Olahraga")]
    story = factories.topic("Harga beras")
    for n in range(12):
        factories.article(
            f"Artikel {n}",
            in_section=sections[n % 3],
            topic=story if n % 4 == 0 else None,
            is_editors_pick=n % 5 == 0,
            lead_image=factories.image(size=(480, 270)),
            published_at=ago(n),
        )

    def queries_to_render() -> int:
        client.get("/")  # makes the renditions
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get("/").status_code == 200
        return len(context)

    automatic = queries_to_render()
    arrange(
        factories.home(),
        ("lead_list", {"articles": [ArticlePage.objects.get(title="Artikel 7")], "fill": "editors_picks", "count": 5}),
        ("three_across", {"articles": [], "fill": "latest"}),
        ("numbered", {"articles": [], "fill": "most_read", "count": 5}),
        *[("section", {"section": section, "articles": [], "count": 4}) for section in sections],
        ("topic", {"topic": story, "articles": [], "count": 4}),
    )
    arranged = queries_to_render()
    assert (automatic, arranged) == (AUTOMATIC_HOME_QUERIES, ARRANGED_HOME_QUERIES)


def test_a_section_front_filled_from_a_topic_shows_the_topics_new_article_at_once(client, settings):
    settings.KABAR_PAGE_CACHE_ENABLED = True
    ekonomi = factories.section("Ekonomi")
    story = factories.topic("Harga beras")
    factories.article("Beras lama", topic=story, published_at=ago(5))
    arrange(SectionPage.objects.get(pk=ekonomi.pk), ("topic", {"topic": story, "articles": [], "count": 4}))
    client.get("/ekonomi/")
    assert client.get("/ekonomi/")["X-Cache"] == "HIT"
    factories.article("Beras naik lagi", topic=story)  # filed in Nasional, not Ekonomi
    assert front_headlines(html(client.get("/ekonomi/")))[0] == "Beras naik lagi"


def test_editors_can_open_the_fronts_in_the_admin(admin_client):
    ekonomi = factories.section("Ekonomi")
    arrange(factories.home(), ("section", {"section": ekonomi, "articles": [], "count": 4}))
    for page in (factories.home(), ekonomi):
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
        assert b"three_across" in response.content  # the front's layout blocks, offered to the editor
