"""Odd query parameters to the content API answer 400 with a message, never a 500."""

from __future__ import annotations

import json

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

# Each of these answered 500 before: the search index, Python or the database failed on them.
BAD_QUERIES = {
    "search-quote": ("/api/v2/pages/", {"search": '"'}, "quotation marks"),
    "search-quote-in-words": ("/api/v2/pages/", {"search": 'harga "beras'}, "quotation marks"),
    "search-null": ("/api/v2/pages/", {"search": "beras\x00"}, "null characters"),
    "search-operator": ("/api/v2/pages/", {"search": "beras", "search_operator": "xor"}, "search_operator"),
    "image-search-operator": ("/api/v2/images/", {"search": "beras", "search_operator": "xor"}, "search_operator"),
    "offset-too-long": ("/api/v2/pages/", {"offset": "9" * 5000}, "offset"),
    "image-offset-too-long": ("/api/v2/images/", {"offset": "9" * 5000}, "offset"),
    "offset-odd-digits": ("/api/v2/pages/", {"offset": "²"}, "offset"),
    "date-filter": (
        "/api/v2/pages/",
        {"type": "articles.ArticlePage", "first_published_at": "kemarin"},
        "field filter error",
    ),
    "unknown-site": ("/api/v2/pages/", {"site": "tidak-ada.example"}, "no site"),
    "site-bad-port": ("/api/v2/pages/", {"site": "localhost:a:b"}, "site must be"),
    "site-huge-port": ("/api/v2/pages/", {"site": "localhost:" + "9" * 30}, "site must be"),
    "search-only-spaces": ("/api/v2/pages/", {"search": "   "}, "search must contain a word"),
    "image-search-only-spaces": ("/api/v2/images/", {"search": " "}, "search must contain a word"),
    "find-id-too-long": ("/api/v2/pages/find/", {"type": "articles.ArticlePage", "id": "9" * 30}, "id must be"),
    "find-id-not-a-number": ("/api/v2/pages/find/", {"id": "x"}, "id must be"),
}


@pytest.mark.parametrize("url, params, message", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
def test_a_bad_query_answers_400_with_a_message(client, url, params, message):
    factories.article("Harga beras naik", tags=["beras"])

    response = client.get(url, params)

    assert response.status_code == 400
    assert message in json.loads(response.content)["message"]


# Wagtail's own answers to these were already 400s; they stay so.
ALREADY_REFUSED = {
    "type": {"type": "bad.Model"},
    "fields": {"fields": "bad"},
    "order": {"order": "bad"},
    "offset-not-a-number": {"offset": "x"},
    "limit-too-long": {"limit": "9" * 5000},
    "child-of-too-long": {"child_of": "9" * 5000},
    "random-with-offset": {"order": "random", "offset": "1"},
}


@pytest.mark.parametrize("params", ALREADY_REFUSED.values(), ids=ALREADY_REFUSED.keys())
def test_queries_wagtail_refuses_still_answer_400(client, params):
    factories.article("Harga beras naik")

    response = client.get("/api/v2/pages/", params)

    assert response.status_code == 400
    assert json.loads(response.content)["message"]


def test_find_with_the_id_of_no_page_is_not_found(client):
    factories.article("Harga beras naik")

    response = client.get("/api/v2/pages/find/", {"type": "articles.ArticlePage", "id": "999999999"})

    assert response.status_code == 404
    assert json.loads(response.content)["message"]


@pytest.mark.parametrize("params", [{"search": "harga beras"}, {"search": "beras", "search_operator": "or"}])
def test_a_plain_search_still_finds_the_article(client, params):
    factories.article("Harga beras naik")

    response = client.get("/api/v2/pages/", {"type": "articles.ArticlePage", **params})

    assert response.status_code == 200
    assert [item["title"] for item in json.loads(response.content)["items"]] == ["Harga beras naik"]
