"""On wide screens ads take real IAB desktop sizes, each image with its width and height, so no box grows."""

from __future__ import annotations

import pytest

from tests import factories
from tests.ads.conftest import ads_on, house_ad, page

pytestmark = pytest.mark.django_db


def test_top_banner_is_a_728x90_leaderboard_on_wide_screens_and_320x50_on_phones(client):
    house_ad("top")
    document = page(client, factories.article().dated_path())
    [ad] = ads_on(document)
    picture = ad.find("picture")
    source = picture.find("source")
    assert source.attrs["media"] == "(min-width: 48rem)"
    assert (source.attrs["width"], source.attrs["height"]) == ("728", "90")
    assert "fill-728x90" in source.attrs["srcset"] and "fill-1456x180" in source.attrs["srcset"]
    image = picture.find("img")
    assert (image.attrs["width"], image.attrs["height"]) == ("320", "50")
    assert "fill-320x50" in image.attrs["src"]


def test_sticky_banner_keeps_its_phone_size_everywhere(client):
    house_ad("sticky")
    document = page(client, factories.article().dated_path())
    [ad] = ads_on(document)
    assert ad.find("picture") is None
    image = ad.find("img")
    assert (image.attrs["width"], image.attrs["height"]) == ("320", "50")


def test_the_articles_rail_holds_a_300x250_ad_of_fixed_size(client):
    house_ad("sidebar")
    article = factories.article()
    document = page(client, article.dated_path())
    rail = document.find("aside", cls="article-rail")
    [ad] = rail.find_all("aside", cls="ad--sidebar")
    image = ad.find("img")
    assert (image.attrs["width"], image.attrs["height"]) == ("300", "250")
    assert image.attrs["loading"] == "lazy"
