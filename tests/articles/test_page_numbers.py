"""?page= with more digits than Python reads as a number (4,300) never answers 500 on a listing."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext

from tests import factories

pytestmark = pytest.mark.django_db

TOO_LONG = "1" * 4301


@pytest.fixture
def urls() -> dict[str, str]:
    section = factories.section("Ekonomi")
    story = factories.topic("Harga beras")
    writer = factories.person("Rina Wijaya")
    article = factories.article("Beras naik", in_section=section, topic=story, tags=["beras"], writers=[writer])
    return {
        "section": "/ekonomi/",
        "topic": story.url,
        "tag": "/tag/beras/",
        "author": writer.get_absolute_url(),
        "comments": f"/komentar/{article.pk}/",
    }


@pytest.mark.parametrize("page", [TOO_LONG, "9" * 5000, "1" * 19])
def test_a_search_page_number_too_long_answers_400_with_a_message(client, page):
    factories.article("Beras naik")

    response = client.get("/search/", {"q": "beras", "page": page})

    assert response.status_code == 400
    assert response.content.decode() == gettext("That page number is too long.")


@pytest.mark.parametrize("page", ["²", "\u0661", "-1", "abc"])
def test_a_search_page_that_is_not_a_number_shows_the_first_page(client, page):
    factories.article("Beras naik")

    response = client.get("/search/", {"q": "beras", "page": page})

    assert response.status_code == 200
    assert "Beras naik" in response.content.decode()


@pytest.mark.parametrize("listing", ["section", "topic", "tag", "author", "comments"])
def test_other_listings_show_their_first_page_for_a_page_number_too_long(client, urls, listing):
    response = client.get(urls[listing], {"page": TOO_LONG})

    assert response.status_code == 200
