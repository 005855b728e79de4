"""The site's chrome in a real browser: the publication's logo in a compact phone header, a menu and a search
that open without JavaScript, the section row on a desktop, and the sticky ad's close control inside the ad,
never over the article's text. (tests/browser/test_design.py measures every page of the demo, members too.)"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from kabar.core.models import PublicationSettings, SectionColour
from kabar.demo.brand import LOGO_SVG
from tests import factories
from tests.ads.conftest import house_ad
from tests.browser.conftest import PHONE
from tests.i18n import site_text

pytestmark = pytest.mark.browser

SMALL_PHONE = {**PHONE, "viewport": {"width": 320, "height": 640}}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
HEADER_MAX = 64


def box(page: Any, selector: str) -> dict[str, float]:
    return page.locator(selector).first.bounding_box()


def assert_no_horizontal_scroll(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture
def branded_site(site: Any, django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    from django.core.files.base import ContentFile
    from wagtail.models import Site

    sections = [factories.section(title) for title in ("Nasional", "Ekonomi", "Olahraga", "Megapolitan")]
    article = factories.article(
        "Harga beras naik di Pasar Induk Cipinang",
        in_section=sections[1],
        body=factories.paragraphs(*[f"Paragraf {n}. " + "Pasokan beras belum lancar. " * 6 for n in range(8)]),
    )
    publication = PublicationSettings.for_site(Site.objects.get(is_default_site=True))
    publication.logo.save("logo.svg", ContentFile(LOGO_SVG.encode()), save=False)
    publication.logo_width, publication.logo_height = 132, 40
    publication.accent_colour = "#b3261e"
    publication.tagline = "Berita terpercaya"
    with django_capture_on_commit_callbacks(execute=True):
        publication.save()
        SectionColour.objects.create(publication=publication, section=sections[1], colour="#0d6671")
        publication.save()
    house_ad("sticky", alt_text="Promo bawah")
    return {"article": article, "sections": sections}


@pytest.mark.parametrize("options", [PHONE, SMALL_PHONE], ids=["390", "320"])
def test_the_phone_header_is_one_compact_bar(open_context, branded_site, artifact, options):
    width = options["viewport"]["width"]
    context, problems = open_context(**options)
    page = context.new_page()
    page.goto(branded_site["article"].dated_path())

    header = box(page, ".site-header")
    assert header["height"] <= HEADER_MAX
    for control in (".site-menu summary", ".site-logo", ".site-search-toggle summary", ".site-account__login"):
        control_box = box(page, control)
        assert control_box["height"] >= 44, control
        assert control_box["y"] + control_box["height"] <= header["y"] + header["height"], control
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".site-header").get_by_role("img", name="Kabar")).to_be_visible()
    assert_no_horizontal_scroll(page, width)
    page.screenshot(path=artifact(f"header-{width}.png"))

    # The sticky ad's close control sits inside the sticky bar, and the bar never covers the end of the text.
    sticky, close = box(page, "[data-ad-sticky]"), box(page, ".ad-sticky__close")
    assert close["width"] >= 44 and close["height"] >= 44
    assert sticky["y"] <= close["y"] and close["y"] + close["height"] <= sticky["y"] + sticky["height"]
    assert sticky["x"] <= close["x"] and close["x"] + close["width"] <= sticky["x"] + sticky["width"]
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    last_paragraph = page.locator(".article__body p").last.bounding_box()
    sticky = box(page, "[data-ad-sticky]")
    assert last_paragraph["y"] + last_paragraph["height"] <= sticky["y"]
    assert problems.all() == []


def test_menu_and_search_open_without_javascript(open_context, branded_site, artifact):
    context, problems = open_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto("/")
    toggle = page.locator(".site-menu summary")
    expect(toggle).to_contain_text(site_text("All sections"))  # its name, visually hidden on a phone
    toggle.click()
    menu = page.locator(".site-menu__panel")
    expect(menu.get_by_role("link", name="Ekonomi")).to_be_visible()
    page.screenshot(path=artifact("menu-390.png"))
    menu.get_by_role("link", name="Ekonomi").click()
    page.wait_for_url("**/ekonomi/")

    page.locator(".site-search-toggle summary").click()
    search = page.get_by_role("searchbox", name=site_text("Search news"))
    search.fill("beras")
    search.press("Enter")
    page.wait_for_url("**/search/?q=beras")
    assert problems.all() == []


def test_the_desktop_masthead_shows_the_section_row_and_tagline(open_context, branded_site, artifact):
    context, problems = open_context(**DESKTOP)
    page = context.new_page()
    page.goto("/")
    nav = page.get_by_role("navigation", name=site_text("Sections")).first
    expect(nav.get_by_role("link", name="Ekonomi")).to_be_visible()
    expect(page.locator(".site-header__tagline")).to_have_text("Berita terpercaya")
    assert_no_horizontal_scroll(page, 1366)
    page.screenshot(path=artifact("masthead-1366.png"))
    assert problems.all() == []
