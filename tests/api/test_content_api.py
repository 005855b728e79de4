import json

import pytest

from kabar.articles import services
from kabar.articles.models import ArticlePage
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v2/pages/"


def api_get(client, url: str, **params: str):
    response = client.get(url, params)
    return response.status_code, json.loads(response.content) if response.content else None


def test_article_listing_has_live_articles_only_with_their_summary(client):
    live = factories.article("Sudah terbit", summary="Ringkasan yang terbit.")
    factories.article("Masih draf", published=False)
    withdrawn = factories.article("Ditarik")
    services.unpublish_article(ArticlePage.objects.get(pk=withdrawn.pk))
    status, data = api_get(client, LIST_URL, type="articles.ArticlePage", fields="summary")
    assert status == 200
    assert data["meta"]["total_count"] == 1
    [item] = data["items"]
    assert item["id"] == live.pk
    assert item["title"] == "Sudah terbit"
    assert item["summary"] == "Ringkasan yang terbit."
    assert item["meta"]["type"] == "articles.ArticlePage"


def test_article_detail_is_served_for_a_live_article(client):
    page = factories.article("Detail", summary="Ringkasan detail.", dateline_place="Seoul", tags=["korea"])
    status, data = api_get(client, f"{LIST_URL}{page.pk}/")
    assert status == 200
    assert data["summary"] == "Ringkasan detail."
    assert data["dateline_place"] == "Seoul"
    assert data["tags"] == ["korea"]
    assert [block["type"] for block in data["body"]] == ["paragraph", "paragraph", "paragraph"]


def test_draft_article_detail_is_not_found(client):
    draft = factories.article("Rahasia redaksi", published=False)
    status, _data = api_get(client, f"{LIST_URL}{draft.pk}/")
    assert status == 404


def test_unpublished_article_detail_is_not_found(client):
    page = factories.article("Ditarik dari API")
    services.unpublish_article(ArticlePage.objects.get(pk=page.pk))
    status, _data = api_get(client, f"{LIST_URL}{page.pk}/")
    assert status == 404


def test_unpublished_changes_of_a_live_article_do_not_leak_into_the_api(client):
    page = factories.article("Judul terbit", summary="Ringkasan terbit.")
    draft = ArticlePage.objects.get(pk=page.pk)
    draft.summary = "Ringkasan draf yang belum diperiksa."
    draft.save_revision()
    status, data = api_get(client, f"{LIST_URL}{page.pk}/")
    assert status == 200
    assert data["summary"] == "Ringkasan terbit."


def test_page_size_is_capped(client):
    factories.article("Satu")
    response = client.get(LIST_URL, {"type": "articles.ArticlePage", "limit": "1000"})
    assert response.status_code == 400


@pytest.mark.parametrize("endpoint", ["/api/v2/pages/", "/api/v2/images/"])
def test_offset_beyond_any_database_integer_is_a_bad_request_not_a_crash(client, endpoint):
    factories.article("Satu")
    status, data = api_get(client, endpoint, offset="9" * 25)
    assert status == 400
    assert "offset" in data["message"]


def test_offset_pages_through_the_articles(client):
    pages = [factories.article(f"Artikel {n}") for n in range(3)]
    _status, data = api_get(client, LIST_URL, type="articles.ArticlePage", offset="1", limit="1", order="id")
    assert [item["id"] for item in data["items"]] == [pages[1].pk]
    assert data["meta"]["total_count"] == 3
