"""The "member" variant of a page (a valid kabar_plus cookie) holds no ad, no ad script, no ad URL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.utils import timezone

from kabar.delivery import slots, variants
from tests import factories
from tests.ads.conftest import ads_on, gpt_ad, house_ad, long_article, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def ads_everywhere():
    house_ad("top", "sticky", "in_article", "list", "sidebar")
    house_ad("in_article", "list")
    gpt_ad("in_article", sizes="300x250")


def no_ad_traces(text: str) -> None:
    for trace in ('class="ad ', "ads/ads.js", "/iklan/", "data-gpt-unit", "ad-sticky", "doubleclick"):
        assert trace not in text, trace


def test_member_pages_have_no_ad_markup_script_or_url(client, ads_everywhere):
    article = long_article(12)
    reader_text = client.get(article.dated_path()).content.decode()
    assert 'class="ad ' in reader_text and "ads/ads.js" in reader_text
    client.cookies[variants.COOKIE_NAME] = variants.sign_member_cookie(7, timezone.now() + dt.timedelta(days=30))
    for url in (article.dated_path(), "/", f"/{article.section.slug}/"):
        response = client.get(url)
        assert response.status_code == 200
        no_ad_traces(response.content.decode())


def test_member_page_carries_no_third_party_sources_in_its_policy(client, ads_everywhere):
    article = long_article(12)
    assert "securepubads.g.doubleclick.net" in client.get(article.dated_path())["Content-Security-Policy"]
    client.cookies[variants.COOKIE_NAME] = variants.sign_member_cookie(7, timezone.now() + dt.timedelta(days=30))
    assert "doubleclick" not in client.get(article.dated_path())["Content-Security-Policy"]


def test_member_page_shows_the_kabar_plus_badge_and_no_invitation(client):
    from kabar.membership.models import Plan

    Plan.objects.create(name="Kabar+ Bulanan", slug="bulanan", price=49000)
    article = factories.article()
    reader = page(client, article.dated_path())
    assert reader.find("aside", cls="kabarplus-invite") is not None
    assert reader.find("a", cls="kabar-plus-badge") is None
    member = page(client, article.dated_path(), member=True)
    assert member.find("aside", cls="kabarplus-invite") is None
    assert member.find("a", cls="kabar-plus-badge").attrs["href"] == "/kabarplus/akun/"


@pytest.mark.parametrize(
    "cookie",
    [
        "",
        "garbage",
        "7:99999999999",  # unsigned
        "signed-elsewhere",
        "expired",
        "too-old-signature",
    ],
)
def test_a_cookie_that_does_not_verify_gets_the_reader_variant(client, cookie, ads_everywhere, settings):
    now = timezone.now()
    if cookie == "signed-elsewhere":
        cookie = signing.TimestampSigner(salt="another.salt").sign(f"7:{int((now + dt.timedelta(days=9)).timestamp())}")
    elif cookie == "expired":
        cookie = variants.sign_member_cookie(7, now - dt.timedelta(seconds=1))
    elif cookie == "too-old-signature":
        settings.KABAR_PLUS_COOKIE_MAX_AGE = 0
        cookie = variants.sign_member_cookie(7, now + dt.timedelta(days=30))
    client.cookies[variants.COOKIE_NAME] = cookie
    assert ads_on(page(client, factories.article().dated_path()))


def test_variant_is_decided_without_the_database(rf, django_assert_num_queries):
    request = rf.get("/")
    request.COOKIES[variants.COOKIE_NAME] = variants.sign_member_cookie(7, timezone.now() + dt.timedelta(days=1))
    with django_assert_num_queries(0):
        assert variants.is_member_request(request)
        assert variants.variant_of(request) == variants.MEMBER
    request.COOKIES[variants.COOKIE_NAME] = "x"
    assert variants.variant_of(request) == variants.READER


def test_a_failing_slot_renderer_leaves_the_page_whole(client):
    def broken(slot: slots.Slot) -> str:
        raise RuntimeError("an ad server error")

    filler = slots.Filler("after_article", broken)
    slots.add(filler)
    try:
        response = client.get(factories.article("Tetap terbaca").dated_path())
    finally:
        slots.remove(filler)
    assert response.status_code == 200
    assert "Tetap terbaca" in response.content.decode()
