"""The right rail's ad is an IAB half page (300x600) on wide screens when its creative has a half-page image,
else the 300x250 medium rectangle; every ad landmark has a name of its own that holds the visible "Iklan"."""

from __future__ import annotations

import pytest

from kabar.ads import services
from kabar.ads.models import ADS_COLLECTION, Creative, Placement
from kabar.ads.queries import HALF_PAGE_MEDIA
from tests import factories
from tests.ads.conftest import ads_on, house_ad, long_article, page
from tests.i18n import site_text

pytestmark = pytest.mark.django_db

DASH = " \N{EN DASH} "


def half_page_ad(**fields: object):
    return house_ad("sidebar", half_page_image=factories.image("Iklan 300x600", size=(600, 1200)), **fields)


def rail_ad(document, rail_class: str):
    rail = document.find(cls=rail_class)
    assert rail is not None, rail_class
    [ad] = rail.find_all("aside", cls="ad--sidebar")
    return ad


@pytest.mark.parametrize("where", ["home", "section", "article"])
def test_a_half_page_creative_reserves_300x600_in_the_rail_on_wide_screens(client, where):
    half_page_ad()
    section = factories.section()
    article = factories.article(section=section)
    url = {"home": "/", "section": section.url, "article": article.dated_path()}[where]
    rail_class = "article-rail" if where == "article" else "front__rail"
    ad = rail_ad(page(client, url), rail_class)
    assert "ad--half-page" in ad.classes
    [source] = ad.find("picture").find_all("source")
    assert source.attrs["media"] == HALF_PAGE_MEDIA
    assert (source.attrs["width"], source.attrs["height"]) == ("300", "600")
    assert "fill-300x600" in source.attrs["srcset"] and "fill-600x1200" in source.attrs["srcset"]
    # Narrower, where the rail follows the content, the same creative is a 300x250.
    image = ad.find("img")
    assert (image.attrs["width"], image.attrs["height"]) == ("300", "250")
    assert "fill-300x250" in image.attrs["src"]
    assert ad.find(cls="ad__label").text == site_text("Ad")


def test_a_rail_creative_without_a_half_page_image_stays_a_300x250(client):
    house_ad("sidebar")
    ad = rail_ad(page(client, factories.article().dated_path()), "article-rail")
    assert "ad--half-page" not in ad.classes
    assert ad.find("picture") is None
    image = ad.find("img")
    assert (image.attrs["width"], image.attrs["height"]) == ("300", "250")


def test_a_half_page_image_does_nothing_outside_the_rail(client):
    house_ad("in_article", half_page_image=factories.image("Iklan 300x600", size=(600, 1200)))
    document = page(client, long_article().dated_path())
    [ad] = ads_on(document)
    assert "ad--half-page" not in ad.classes
    assert ad.find("picture") is None


def test_a_kabar_plus_member_sees_no_half_page(client):
    half_page_ad()
    document = page(client, factories.article().dated_path(), member=True)
    assert ads_on(document) == []


def test_the_half_page_image_moves_to_the_ads_collection():
    creative = half_page_ad()
    creative.half_page_image.refresh_from_db()
    assert creative.half_page_image.collection.name == ADS_COLLECTION
    assert services.file_creative_images([creative]) == 0


def test_every_ad_landmark_has_a_unique_name_holding_the_visible_label(client):
    Placement.objects.filter(key="in_article").update(first_after=2, repeat_every=2, max_per_page=3)
    for keys in (("top",), ("in_article",), ("in_article",), ("in_article",), ("sidebar",), ("sticky",)):
        house_ad(*keys)
    document = page(client, long_article(10).dated_path())
    ads = ads_on(document)
    names = [ad.attrs["aria-label"] for ad in ads]
    assert len(ads) == 6
    assert len(set(names)) == len(names)
    assert all(name.startswith(site_text("Ad") + DASH) for name in names)
    in_article = site_text("Ad") + DASH + site_text("In the article")
    assert [name for name in names if name.startswith(in_article)] == [in_article, f"{in_article} 2", f"{in_article} 3"]
    assert site_text("Ad") + DASH + site_text("Sidebar") in names


def test_the_demo_books_one_half_page_creative_for_the_rail():
    from kabar.demo.ads import seed_house_ads
    from kabar.demo.services import SeedReport

    seed_house_ads(SeedReport())

    [creative] = Creative.objects.filter(half_page_image__isnull=False)
    assert [placement.key for placement in creative.placements.all()] == ["sidebar"]
    assert (creative.half_page_image.width, creative.half_page_image.height) == (600, 1200)
    assert creative.half_page_image.collection.name == ADS_COLLECTION
    assert creative.image.collection.name == ADS_COLLECTION
