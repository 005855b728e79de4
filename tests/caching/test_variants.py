"""Two cached variants at most: readers, and Kabar+ members with a cookie Kabar verified."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kabar.delivery.pagecache.policy import variant_for_cookies
from kabar.delivery.variants import COOKIE_NAME, sign_member_cookie
from tests import factories

pytestmark = pytest.mark.django_db


def member_cookie(days: float = 30) -> str:
    return sign_member_cookie(7, timezone.now() + dt.timedelta(days=days))


@pytest.fixture
def url():
    return factories.article("Harga beras naik").dated_path()


def test_a_member_gets_a_copy_of_its_own_and_every_member_shares_it(client, url):
    assert client.get(url)["X-Cache"] == "MISS"
    client.cookies[COOKIE_NAME] = member_cookie()
    first_member = client.get(url)
    assert (first_member["X-Cache"], first_member["X-Kabar-Variant"]) == ("MISS", "member")
    client.cookies[COOKIE_NAME] = sign_member_cookie(8, timezone.now() + dt.timedelta(days=90))
    other_member = client.get(url)
    assert (other_member["X-Cache"], other_member["X-Kabar-Variant"]) == ("HIT", "member")


def test_a_members_page_is_private_to_browsers_and_cdns(client, url):
    client.cookies[COOKIE_NAME] = member_cookie()
    response = client.get(url)
    assert response["Cache-Control"].startswith("private")
    assert "s-maxage" not in response["Cache-Control"]


@pytest.mark.parametrize(
    "cookie",
    [
        "forged:123:abc",
        pytest.param("expired", id="expired"),
        pytest.param("tampered", id="tampered"),
    ],
)
def test_a_forged_tampered_or_expired_cookie_gets_the_readers_copy(client, url, cookie):
    if cookie == "expired":
        cookie = member_cookie(days=-1)
    elif cookie == "tampered":
        cookie = member_cookie().replace(":", ":9", 1)
    reader = client.get(url)
    client.cookies[COOKIE_NAME] = cookie
    response = client.get(url)
    assert (response["X-Cache"], response["X-Kabar-Variant"]) == ("HIT", "reader")
    assert response.content == reader.content


def test_other_cookies_choose_no_variant(client, url):
    client.get(url)
    client.cookies["sessionid"] = "abc"
    client.cookies["kabar_reader"] = "1"
    client.cookies["csrftoken"] = "x" * 32
    response = client.get(url)
    assert (response["X-Cache"], response["X-Kabar-Variant"]) == ("HIT", "reader")


def test_the_variant_is_read_from_the_cookie_header_alone():
    valid = member_cookie()
    assert variant_for_cookies("") == "reader"
    assert variant_for_cookies(f"sessionid=abc; {COOKIE_NAME}={valid}; kabar_reader=1") == "member"
    assert variant_for_cookies(f"{COOKIE_NAME}={valid}x") == "reader"
    assert variant_for_cookies(f"{COOKIE_NAME}={member_cookie(days=-0.01)}") == "reader"


def test_a_purge_reaches_both_variants(client, url):
    from kabar.articles.models import ArticlePage
    from kabar.articles.services import correct_article

    client.get(url)
    client.cookies[COOKIE_NAME] = member_cookie()
    client.get(url)
    article = ArticlePage.objects.get()
    correct_article(article, "Harga yang benar Rp 14.000.")
    member = client.get(url)
    del client.cookies[COOKIE_NAME]
    reader = client.get(url)
    for response in (member, reader):
        assert response["X-Cache"] == "MISS"
        assert "Rp 14.000" in response.content.decode()
