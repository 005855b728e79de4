"""Public pages are the same for everyone, signed in or not; the per-reader parts come from /akun/status/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from kabar.articles.models import ArticlePage
from kabar.readers import services
from kabar.readers.middleware import SIGNED_IN_COOKIE
from tests import factories
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "kabar"
PUBLIC_TEMPLATES = [
    "templates/base.html",
    "articles/templates/articles/article_page.html",
    "articles/templates/articles/home_page.html",
    "articles/templates/articles/section_page.html",
    "articles/templates/articles/topic_page.html",
    "articles/templates/articles/tag_page.html",
    "articles/templates/articles/author_page.html",
    "articles/templates/articles/search.html",
]


@pytest.fixture(autouse=True)
def rendered_every_time(settings):
    """Kabar's own page cache off: a cached copy would make every answer trivially the same."""
    settings.KABAR_PAGE_CACHE_ENABLED = False


@pytest.fixture
def public_paths():
    writer = factories.person("Rina Wijaya")
    topic = factories.topic("Harga beras")
    article = factories.article("Harga beras naik lagi", writers=[writer], topic=topic, tags=["beras"])
    return [
        article.dated_path(),
        "/",
        "/nasional/",
        topic.url,
        "/topik/",
        "/tag/beras/",
        f"/penulis/{writer.slug}/",
        "/search/?q=beras",
    ]


def assert_cacheable(response, path: str) -> None:
    assert response.status_code == 200, path
    assert response.get("X-Cache") in (None, "PASS"), f"{path} came from the page cache"
    assert not response.cookies, f"{path} sets {list(response.cookies)}"
    assert "cookie" not in response.get("Vary", "").lower(), f"{path} varies on Cookie: {response.get('Vary')}"


def test_an_article_is_the_same_for_an_anonymous_and_a_signed_in_reader(client, public_paths):
    path = public_paths[0]
    anonymous = Client().get(path)
    reader = readers.reader("Budi Santoso")
    readers.log_in(client, reader)
    # Saved and followed: none of it may show in the HTML.
    article = ArticlePage.objects.get(title="Harga beras naik lagi")
    services.save_article_for_later(reader, article.pk)
    services.follow(reader, "section", article.section_id)
    signed_in = client.get(path)
    assert_cacheable(anonymous, path)
    assert_cacheable(signed_in, path)
    assert signed_in.content == anonymous.content
    assert b"Budi Santoso" not in signed_in.content
    assert b"csrfmiddlewaretoken" not in signed_in.content


def test_every_public_page_is_the_same_signed_in_or_not(client, public_paths):
    reader = readers.reader("Budi Santoso")
    readers.log_in(client, reader)
    staff = factories.staff("redaktur-uji", None, superuser=True)
    staff_client = Client()
    staff_client.force_login(staff)
    for path in public_paths:
        anonymous = Client().get(path)
        for who in (client, staff_client):
            response = who.get(path)
            assert_cacheable(response, path)
            assert response.content == anonymous.content, path


def test_public_templates_never_read_the_user_session_or_csrf_token():
    for name in PUBLIC_TEMPLATES:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        for forbidden in (
            "csrf_token",
            "request.user",
            "{{ user",
            "user.",
            "wagtailuserbar",
            "request.session",
            "perms",
        ):
            assert forbidden not in text, f"{name} uses {forbidden}"


def test_the_status_endpoint_is_private_and_never_stored(client):
    article = factories.article("Berita status")
    for who in ("anonymous", "reader"):
        if who == "reader":
            readers.log_in(client, readers.reader())
        response = client.get(f"/akun/status/?article={article.pk}")
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Type"] == "application/json"


def test_the_anonymous_status_sets_no_cookie(client):
    response = client.get("/akun/status/")
    assert response.json()["authenticated"] is False
    assert response.json()["csrf_token"] is None
    assert not response.cookies


def test_every_account_page_is_private_and_never_stored(client):
    readers.log_in(client, readers.reader())
    for path in ["/akun/", "/akun/tersimpan/", "/akun/riwayat/", "/akun/untuk-anda/", "/akun/profil/", "/akun/email/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"], path
    anonymous = Client().get("/akun/login/")
    assert "no-store" in anonymous["Cache-Control"]


def test_login_sets_the_signed_in_marker_and_logout_removes_it(client):
    reader = readers.reader()
    response = client.post("/akun/login/", {"login": reader.email, "password": readers.PASSWORD})
    marker = response.cookies[SIGNED_IN_COOKIE]
    assert marker.value == "1"
    assert not marker["httponly"]  # readers.js reads it
    assert marker["samesite"] == "Lax"
    response = client.post("/akun/logout/")
    assert response.cookies[SIGNED_IN_COOKIE].value == ""
    assert response.cookies[SIGNED_IN_COOKIE]["max-age"] == 0


def test_a_failed_login_sets_no_marker(client):
    reader = readers.reader()
    response = client.post("/akun/login/", {"login": reader.email, "password": "salah-sandi"})
    assert SIGNED_IN_COOKIE not in response.cookies
