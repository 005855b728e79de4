"""Each placement shows its ads where it should, labelled, at its fixed size, and nowhere else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kabar.ads.models import Placement
from kabar.ads.queries import forget_setup
from tests import factories
from tests.ads.conftest import ads_on, body_children, house_ad, long_article, page
from tests.i18n import site_text

pytestmark = pytest.mark.django_db


def test_top_banner_is_labelled_linked_and_of_fixed_size(client):
    creative = house_ad("top")
    article = factories.article()
    document = page(client, article.dated_path())
    [ad] = ads_on(document)
    assert "ad--top" in ad.classes
    assert ad.attrs["aria-label"] == f"{site_text('Ad')} \N{EN DASH} {site_text('Top banner')}"
    assert ad.find(cls="ad__label").text == site_text("Ad")
    link = ad.find("a")
    assert link.attrs["href"] == f"/iklan/k/{creative.pk}/"
    assert "sponsored" in link.attrs["rel"]
    image = link.find("img")
    assert (image.attrs["width"], image.attrs["height"]) == ("320", "50")
    assert image.attrs["alt"] == creative.alt_text
    # Above the fold: loaded at once but after the article's own images.
    assert "loading" not in image.attrs
    assert image.attrs["fetchpriority"] == "low"


def test_top_banner_sits_between_the_header_and_the_main_content(client):
    house_ad("top")
    text = client.get("/").content.decode()
    assert text.index("</header>") < text.index('class="ad ad--top') < text.index('<main id="main"')


def test_in_article_ads_come_after_paragraph_n_and_every_m_but_never_after_the_last(client):
    first = house_ad("in_article")
    second = house_ad("in_article")
    third = house_ad("in_article")
    Placement.objects.filter(key="in_article").update(first_after=3, repeat_every=4, max_per_page=3)
    forget_setup()
    article = long_article(11)
    children = body_children(page(client, article.dated_path()))
    paragraphs_before_each_ad = []
    seen = 0
    for child in children:
        if child.tag == "p" and "read-also" not in child.classes:
            seen += 1
        elif child.tag == "aside" and "ad--in_article" in child.classes:
            paragraphs_before_each_ad.append(seen)
    assert paragraphs_before_each_ad == [3, 7]  # 11 would be after the last paragraph
    shown = {int(a.attrs["data-ad"]) for a in children if a.tag == "aside"}
    assert len(shown) == 2 and shown <= {first.pk, second.pk, third.pk}


def test_a_short_article_gets_no_in_article_ad(client):
    house_ad("in_article")
    article = long_article(3)
    assert not [c for c in body_children(page(client, article.dated_path())) if c.tag == "aside"]


def test_in_article_ads_are_lazy_and_never_repeat_the_same_creative(client):
    house_ad("in_article")
    article = long_article(12)
    ads = [c for c in body_children(page(client, article.dated_path())) if c.tag == "aside"]
    assert len(ads) == 1  # one creative: shown once, not at every position
    image = ads[0].find("img")
    assert image.attrs["loading"] == "lazy"
    assert (image.attrs["width"], image.attrs["height"]) == ("300", "250")


def test_list_ads_come_after_the_nth_card_of_a_section(client):
    house_ad("list")
    section = factories.section("Ekonomi")
    now = timezone.now()
    for n in range(6):
        factories.article(f"Berita ekonomi {n}", in_section=section, published_at=now - dt.timedelta(hours=n))
    document = page(client, "/ekonomi/")
    listing = document.find("div", cls="listing__main").find("div", cls="list")
    kinds = [child.tag for child in listing.children if getattr(child, "tag", None) in ("article", "aside")]
    assert kinds.index("aside") == 4  # after the 4th card
    assert kinds.count("aside") == 1


def test_sidebar_ad_is_in_the_section_pages_aside(client):
    house_ad("sidebar")
    factories.article(in_section=factories.section("Tekno"))
    document = page(client, "/tekno/")
    aside = document.find("aside", cls="listing__aside")
    assert [ad.attrs["data-ad"] for ad in aside.find_all("aside", cls="ad--sidebar")]


def test_sticky_banner_has_a_close_button_revealed_by_script(client):
    house_ad("sticky")
    document = page(client, factories.article().dated_path())
    sticky = document.find("div", cls="ad-sticky")
    assert sticky.find("aside", cls="ad--sticky") is not None
    button = sticky.find("button")
    assert button.text == site_text("Close ad")
    assert "hidden" in button.attrs  # without JS the banner sits at the end of the page instead


def test_ads_script_is_loaded_once_deferred_and_only_with_ads(client):
    article = factories.article()
    assert "ads/ads.js" not in client.get(article.dated_path()).content.decode()
    house_ad("top", "sticky", "in_article")
    house_ad("top", "sticky", "in_article")
    scripts = page(client, long_article(8).dated_path()).find_all("script")
    ads_scripts = [s for s in scripts if s.attrs.get("src", "").endswith("ads/ads.js")]
    assert len(ads_scripts) == 1
    assert "defer" in ads_scripts[0].attrs
    assert ads_scripts[0].attrs["data-impressions"] == "/iklan/i/"


def test_only_running_enabled_creatives_in_enabled_placements_show(client):
    now = timezone.now()
    house_ad("top", name="belum mulai", starts_at=now + dt.timedelta(hours=1))
    house_ad("top", name="sudah selesai", ends_at=now - dt.timedelta(minutes=1))
    house_ad("top", name="dimatikan", enabled=False)
    article = factories.article()
    assert ads_on(page(client, article.dated_path())) == []
    running = house_ad(
        "top", name="berjalan", starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=1)
    )
    assert [a.attrs["data-ad"] for a in ads_on(page(client, article.dated_path()))] == [str(running.pk)]
    placement = Placement.objects.get(key="top")
    placement.enabled = False
    placement.save()
    assert ads_on(page(client, article.dated_path())) == []


def test_section_targeting_shows_an_ad_only_in_its_sections(client):
    economy = factories.section("Ekonomi")
    sport = factories.section("Olahraga")
    targeted = house_ad("top", sections=[economy])
    assert [a.attrs["data-ad"] for a in ads_on(page(client, factories.article(in_section=economy).dated_path()))] == [
        str(targeted.pk)
    ]
    assert ads_on(page(client, factories.article(in_section=sport).dated_path())) == []
    assert [a.attrs["data-ad"] for a in ads_on(page(client, "/ekonomi/"))] == [str(targeted.pk)]
    assert ads_on(page(client, "/")) == []


def test_pages_with_kabar_plus_forms_show_no_ads(client, django_user_model):
    house_ad("top", "sticky")
    factories.article()
    from kabar.membership.models import Plan

    Plan.objects.create(name="Bulanan", slug="bulanan", price=49000)
    assert ads_on(page(client, "/kabarplus/")) == []
    client.force_login(django_user_model.objects.create_user("pembaca", "pembaca@example.com", "rahasia-uji-123"))
    assert ads_on(page(client, "/kabarplus/gabung/bulanan/")) == []
