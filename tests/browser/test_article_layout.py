"""The article page on a 1366x768 desktop and on phones: the article at its measure with a right rail
(Terpopuler, the rail's ad, Terkini Lainnya) whose boxes hold their size before anything loads, and on
phones the same rail under the article, with nothing scrolling sideways."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from kabar.articles import services
from tests import factories
from tests.ads.conftest import house_ad
from tests.browser.conftest import PHONE, log_in

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1366, "height": 768}}
SENTENCE = "Pemerintah daerah menyiapkan rencana baru untuk memperbaiki jalan dan jembatan di desa terpencil. "


@pytest.fixture
def article_with_rail(site: Any) -> Any:
    house_ad("sidebar", alt_text="Promo samping")
    house_ad("top", alt_text="Promo atas")
    others = [factories.article(f"Berita lain {n}") for n in range(4)]
    services.record_page_view(others[1].pk)
    services.flush_page_views()
    return factories.article(
        "Berita dengan rel kanan", body=factories.paragraphs(*[f"{n}. " + SENTENCE * 4 for n in range(1, 7)])
    )


def block_images(context: Any) -> None:
    """Images never arrive: what the reader sees before they do, and whether anything waits for them."""
    context.route("**/media/**", lambda route: route.abort())


def test_desktop_article_has_a_rail_beside_it_whose_ad_holds_its_size_before_its_image(
    open_context, article_with_rail, artifact
):
    context, problems = open_context(**DESKTOP)
    block_images(context)
    page = context.new_page()
    page.goto(article_with_rail.dated_path())
    article = page.locator("article.article").bounding_box()
    rail = page.locator("aside.article-rail").bounding_box()
    assert rail["x"] >= article["x"] + article["width"], "the rail sits to the right of the article"
    assert rail["y"] < 768, "the rail starts on the first screen"
    expect(page.locator(".article-rail .most-read li")).to_have_count(1)

    # The article's measure: 60 to 75 characters of body text a line.
    per_line = page.evaluate(
        """() => {
          const p = document.querySelector('.article__body p');
          const probe = document.createElement('span');
          probe.textContent = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 ,.';
          p.appendChild(probe);
          const width = probe.getBoundingClientRect().width / probe.textContent.length;
          probe.remove();
          return p.getBoundingClientRect().width / width;
        }"""
    )
    assert 60 <= per_line <= 80, per_line

    # With no image loaded the rail's ad box is already its 300x250 frame, and the top one a 728x90 leaderboard.
    frame = page.locator(".article-rail aside.ad--sidebar .ad__frame").bounding_box()
    assert (round(frame["width"]), round(frame["height"])) == (300, 250)
    leaderboard = page.locator("aside.ad--top .ad__frame").bounding_box()
    assert (round(leaderboard["width"]), round(leaderboard["height"])) == (728, 90)
    page.screenshot(path=artifact("article-rail-1366.png"), full_page=True)
    assert [p for p in problems.all() if "media" not in p] == []


@pytest.mark.parametrize("width", [390, 320])
def test_on_phones_the_rail_follows_the_article_and_nothing_scrolls_sideways(
    open_context, article_with_rail, artifact, width
):
    context, problems = open_context(**{**PHONE, "viewport": {"width": width, "height": 844}})
    page = context.new_page()
    page.goto(article_with_rail.dated_path())
    article = page.locator("article.article").bounding_box()
    rail = page.locator("aside.article-rail").bounding_box()
    assert rail["y"] >= article["y"] + article["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    share = page.locator(".share__links a")
    expect(share.first).to_have_accessible_name("WhatsApp")
    for index in range(share.count()):
        box = share.nth(index).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
    page.screenshot(path=artifact(f"article-rail-{width}.png"), full_page=True)
    assert problems.all() == []


def test_the_log_in_invitation_shows_to_anonymous_readers_only(open_context, article_with_rail):
    """The page is cached and shared, so the invitation ships hidden; readers.js shows it to the anonymous."""
    anonymous, problems = open_context(**PHONE)
    page = anonymous.new_page()
    page.goto(article_with_rail.dated_path())
    expect(page.locator(".reader-invite")).to_be_visible()
    expect(page.locator(".reader-invite a")).to_have_attribute("href", re.compile(r"^/akun/login/\?next="))

    without_js, _ = open_context(**PHONE, java_script_enabled=False)
    plain = without_js.new_page()
    plain.goto(article_with_rail.dated_path())
    expect(plain.locator(".reader-invite")).to_be_hidden()

    factories.staff("redaktur-uji", "Redaktur")
    signed_in, signed_in_problems = open_context(**PHONE)
    reader = signed_in.new_page()
    log_in(reader, "redaktur-uji")
    reader.goto(article_with_rail.dated_path())
    expect(reader.locator("button[data-reader-save]")).to_be_visible()  # readers.js has the status
    expect(reader.locator(".reader-invite")).to_be_hidden()
    assert problems.all() == [] and signed_in_problems.all() == []
