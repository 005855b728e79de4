"""GET /akun/status/: who is reading, their links, and the state of this article's Simpan and Ikuti."""

from __future__ import annotations

import pytest
from django.test import Client

from kabar.articles.services import unpublish_article
from kabar.readers import services
from tests import factories
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return factories.article(
        "Kereta cepat diresmikan",
        writers=[factories.person("Rina Wijaya"), factories.person("Budi Santoso")],
        topic=factories.topic("Kereta cepat"),
    )


def test_an_anonymous_visitor_is_told_only_where_to_log_in(client, article):
    status = client.get(f"/akun/status/?article={article.pk}").json()
    assert status == {
        "authenticated": False,
        "links": {"login": "/akun/login/", "signup": "/akun/signup/"},
        "saved": None,
        "following": [],
        "edit_url": None,
        "csrf_token": None,
    }


def test_a_reader_gets_their_name_links_token_and_this_articles_state(client, article):
    reader = readers.reader("Sari Lestari")
    services.save_article_for_later(reader, article.pk)
    services.follow(reader, "topic", article.topic_id)
    writer = article.writer_people[1]
    services.follow(reader, "writer", writer.pk)
    readers.log_in(client, reader)

    status = client.get(f"/akun/status/?article={article.pk}").json()
    assert status["authenticated"] is True
    assert status["name"] == "Sari Lestari"
    assert status["initials"] == "SL"
    assert status["avatar_url"] is None
    assert status["links"] == {
        "account": "/akun/",
        "for_you": "/akun/untuk-anda/",
        "saved": "/akun/tersimpan/",
        "history": "/akun/riwayat/",
        "logout": "/akun/logout/",
    }
    assert set(status["labels"]) >= {"account", "for_you", "saved", "history", "logout", "edit", "menu"}
    assert len(status["csrf_token"]) >= 32
    assert status["saved"] is True
    assert status["following"] == [
        {"kind": "section", "id": article.section_id, "name": "Nasional", "following": False},
        {"kind": "topic", "id": article.topic_id, "name": "Kereta cepat", "following": True},
        {"kind": "writer", "id": article.writer_people[0].pk, "name": "Rina Wijaya", "following": False},
        {"kind": "writer", "id": writer.pk, "name": "Budi Santoso", "following": True},
    ]
    assert status["edit_url"] is None


def test_the_token_from_the_status_is_accepted_by_the_toggles(article):
    client = Client(enforce_csrf_checks=True)
    reader = readers.reader()
    client.force_login(reader)
    token = client.get(f"/akun/status/?article={article.pk}").json()["csrf_token"]
    refused = client.post(f"/akun/simpan/{article.pk}/", {"action": "save"}, headers={"Accept": "application/json"})
    assert refused.status_code == 403
    accepted = client.post(
        f"/akun/simpan/{article.pk}/",
        {"action": "save"},
        headers={"Accept": "application/json", "X-CSRFToken": token},
    )
    assert accepted.status_code == 200 and accepted.json() == {"saved": True}


def test_staff_who_may_edit_the_page_get_its_edit_link(client, article):
    editor = factories.staff("redaktur-status", None, superuser=True)
    client.force_login(editor)
    status = client.get(f"/akun/status/?article={article.pk}").json()
    assert status["edit_url"] == f"/admin/pages/{article.pk}/edit/"
    home = factories.home()
    assert client.get(f"/akun/status/?article={home.pk}").json()["edit_url"] == f"/admin/pages/{home.pk}/edit/"


def test_a_reader_never_gets_an_edit_link(client, article):
    readers.log_in(client, readers.reader())
    assert client.get(f"/akun/status/?article={article.pk}").json()["edit_url"] is None


def test_a_page_that_is_not_a_readable_article_has_no_article_state(client, article):
    readers.log_in(client, readers.reader())
    unpublish_article(article)
    for query in (f"?article={article.pk}", "?article=999999", ""):
        status = client.get(f"/akun/status/{query}").json()
        assert status["authenticated"] is True
        assert status["saved"] is None and status["following"] == [], query


@pytest.mark.parametrize("bad", ["abc", "-1", "0", "1e3", "9" * 30])
def test_a_malformed_article_id_is_a_clear_400(client, bad):
    response = client.get(f"/akun/status/?article={bad}")
    assert response.status_code == 400
    assert "error" in response.json()
    assert response["Cache-Control"] == "private, no-store"
