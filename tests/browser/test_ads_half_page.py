"""The right rail's ad on a desktop: a half page (300x600) when its creative has one, else a 300x250, its box
that size before any image arrives, beside the front's stories and never over them; on a phone, a 300x250."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.ads.conftest import house_ad
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1366, "height": 768}}


def without_images(context: Any) -> None:
    """No image ever arrives: what the box holds is its own reserved size, not its picture's."""
    context.route("**/*", lambda route: route.abort() if route.request.resource_type == "image" else route.continue_())


def frame_size(page: Any, rail: str = ".front__rail") -> tuple[int, int]:
    box = page.locator(f"{rail} aside.ad--sidebar .ad__frame").bounding_box()
    return round(box["width"]), round(box["height"])


def overlaps(one: dict[str, float], other: dict[str, float]) -> bool:
    return not (
        one["x"] + one["width"] <= other["x"]
        or other["x"] + other["width"] <= one["x"]
        or one["y"] + one["height"] <= other["y"]
        or other["y"] + other["height"] <= one["y"]
    )


@pytest.fixture
def front(site: Any) -> Any:
    return [factories.article(f"Berita utama nomor {number}") for number in range(1, 7)]


def test_a_half_page_creative_holds_300x600_in_the_desktop_rail_before_its_image_loads(open_context, front, artifact):
    house_ad("sidebar", half_page_image=factories.image("Iklan 300x600", size=(600, 1200)))
    context, problems = open_context(**DESKTOP)
    without_images(context)
    page = context.new_page()
    page.goto("/")
    ad = page.locator(".front__rail aside.ad--sidebar")
    expect(ad).to_be_visible()
    assert frame_size(page) == (300, 600)
    ad_box = ad.bounding_box()
    for text in page.locator(".front__main :is(h2, h3, p)").all():
        box = text.bounding_box()
        if box is not None:
            assert not overlaps(ad_box, box), text.inner_text()
    page.screenshot(path=artifact("rail-half-page-1366.png"), full_page=True)

    page.goto(front[0].dated_path())
    ad = page.locator(".article-rail aside.ad--sidebar")
    expect(ad).to_be_visible()
    assert frame_size(page, ".article-rail") == (300, 600)
    assert not overlaps(ad.bounding_box(), page.locator(".article__body").bounding_box())

    phone, _ = open_context(**PHONE)
    without_images(phone)
    small = phone.new_page()
    small.goto("/")
    small.locator(".front__rail aside.ad--sidebar").scroll_into_view_if_needed()
    assert frame_size(small) == (300, 250)
    assert [p for p in problems.all() if "ERR_FAILED" not in p] == []


def test_a_rail_creative_without_a_half_page_image_holds_300x250_on_the_desktop(open_context, front):
    house_ad("sidebar")
    context, _ = open_context(**DESKTOP)
    without_images(context)
    page = context.new_page()
    page.goto("/")
    expect(page.locator(".front__rail aside.ad--sidebar")).to_be_visible()
    assert frame_size(page) == (300, 250)
