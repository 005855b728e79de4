"""A logged-in reader buys Kabar+ through the sandbox; the same article then shows no ad and asks for none."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from kabar.membership.models import Membership, Order, Plan
from tests import factories
from tests.ads.conftest import gpt_ad, house_ad
from tests.browser.conftest import PHONE
from tests.browser.test_ads import GPT_HOST, GPT_STUB, long_article, scroll_to_the_end

pytestmark = pytest.mark.browser

# What counts as asking for an ad: Kabar's ad endpoints and script, ad images, Google's ad hosts.
AD_REQUEST = re.compile(r"/iklan/|/ads/ads\.js|doubleclick|googlesyndication|googletagservices")


def logged_in_context(open_context: Any, site: Any, user: Any) -> tuple[Any, Any]:
    """A phone whose browser holds the reader's session, as after logging in at /akun/login/."""
    client = Client()
    client.force_login(user)
    context, problems = open_context(**PHONE)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site.url}])
    context.route(f"https://{GPT_HOST}/**", lambda route: route.fulfill(body=GPT_STUB, content_type="text/javascript"))
    return context, problems


def test_reader_buys_kabar_plus_through_the_sandbox_and_the_article_then_requests_no_ad(open_context, site, artifact):
    Plan.objects.create(name="Kabar+ Bulanan", slug="bulanan", price=49_000)
    Plan.objects.create(name="Kabar+ Tahunan", slug="tahunan", period="yearly", price=490_000, sort_order=1)
    creatives = [house_ad("top", "sticky"), house_ad("in_article", "list"), gpt_ad("in_article", sizes="300x250")]
    article = long_article(10, "Berita untuk pembaca dan anggota")
    image_urls = {c.image.get_rendition("fill-320x50").url for c in creatives if c.image}
    reader = get_user_model().objects.create_user("pembaca", "pembaca@example.com", factories.STAFF_PASSWORD)

    context, problems = logged_in_context(open_context, site, reader)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))

    # As a reader: ads, and after the story an invitation to Kabar+.
    page.goto(article.dated_path())
    expect(page.locator("aside.ad--top")).to_be_visible()
    scroll_to_the_end(page)
    page.locator("aside.ad--in_article").first.scroll_into_view_if_needed()
    invitation = page.locator("aside.kabarplus-invite")
    expect(invitation).to_contain_text("Rp 49.000")
    assert any(AD_REQUEST.search(url) for url in asked)

    # "Gabung Kabar+" -> the yearly plan -> "Bayar" -> the sandbox's page -> "Bayar".
    invitation.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/kabarplus/$"))
    page.locator('a[href="/kabarplus/gabung/tahunan/"]').click()
    page.wait_for_url(re.compile(r"/kabarplus/gabung/tahunan/$"))
    expect(page.locator(".kabarplus__facts")).to_contain_text("Rp 490.000")
    page.locator("button.kabarplus__pay-button").click()
    page.wait_for_url(re.compile(r"/kabarplus/sandbox/bayar/KBR-[0-9A-F-]+/$"))
    page.locator('button[name="outcome"][value="pay"]').click()
    page.wait_for_url(re.compile(r"/kabarplus/pesanan/KBR-[0-9A-F-]+/(\?kembali=1)?$"))
    expect(page.locator("[data-order-status]")).to_have_attribute("data-order-status", "paid")
    expect(page.locator("h1 .kabar-plus-badge")).to_have_text("Kabar+")
    page.screenshot(path=artifact("paid.png"))
    order = Order.objects.get(user=reader)
    assert order.status == Order.Status.PAID and order.amount == 490_000
    assert Membership.objects.get(user=reader).is_entitled()

    # The same article, as a member: no ad on the page, and not one request for one.
    asked.clear()
    page.goto(article.dated_path())
    expect(page.locator("h1")).to_have_text("Berita untuk pembaca dan anggota")
    expect(page.locator("a.kabar-plus-badge")).to_be_visible()
    scroll_to_the_end(page)
    page.wait_for_load_state("networkidle")
    expect(page.locator(".ad")).to_have_count(0)
    expect(page.locator("aside.kabarplus-invite")).to_have_count(0)
    assert asked, "the page made no requests at all: the log is not listening"
    assert [url for url in asked if AD_REQUEST.search(url) or any(url.endswith(image) for image in image_urls)] == []
    page.screenshot(path=artifact("member.png"), full_page=True)
    assert problems.all() == []

    # The account page shows the plan, the end date and the receipt.
    page.goto("/kabarplus/akun/")
    expect(page.locator("[data-membership-status]")).to_have_attribute("data-membership-status", "active")
    expect(page.locator(".kabarplus__table")).to_contain_text("Rp 490.000")
    page.get_by_role("link", name=order.receipt_number).click()
    expect(page.locator(".receipt__number")).to_have_text(order.receipt_number)


def test_a_failed_sandbox_payment_grants_nothing(open_context, site):
    Plan.objects.create(name="Kabar+ Bulanan", slug="bulanan", price=49_000)
    house_ad("top")
    article = factories.article("Berita biasa")
    reader = get_user_model().objects.create_user("pembaca", "pembaca@example.com", factories.STAFF_PASSWORD)
    context, problems = logged_in_context(open_context, site, reader)
    page = context.new_page()
    page.goto("/kabarplus/gabung/bulanan/")
    page.locator("button.kabarplus__pay-button").click()
    page.wait_for_url(re.compile(r"/kabarplus/sandbox/bayar/"))
    page.locator('button[name="outcome"][value="fail"]').click()
    page.wait_for_url(re.compile(r"/kabarplus/pesanan/"))
    expect(page.locator("[data-order-status]")).to_have_attribute("data-order-status", "failed")
    page.goto(article.dated_path())
    expect(page.locator("aside.ad--top")).to_be_visible()
    assert not Membership.objects.get(user=reader).is_entitled()
    assert problems.all() == []
