"""Readers and staff are separate: a reader account never reaches the Wagtail admin, whatever it tries."""

from __future__ import annotations

import pytest
from django.test import Client

from kabar.newsroom.services import EDITORS
from tests import factories
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db

ADMIN_PATHS = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/{article}/edit/",
    "/admin/pages/{article}/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/snippets/",
    "/admin/settings/",
    "/admin/reports/",
    "/admin/account/",
    "/admin/api/main/pages/",
    "/admin/api/main/pages/{article}/",
]


@pytest.fixture
def reader_client(client):
    readers.log_in(client, readers.reader())
    return client


def refused(response) -> bool:
    """Sent to the admin's login page (or refused outright), never shown what it asked for."""
    if response.status_code in (302, 403, 404):
        return response.status_code != 302 or response["Location"].startswith("/admin/login/")
    return False


@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_reader_cannot_reach_admin(reader_client, path):
    article = factories.article("Berita uji admin")
    response = reader_client.get(path.format(article=article.pk))
    assert refused(response), (path, response.status_code, response.get("Location"))


def test_reader_cannot_post_to_the_admin(reader_client):
    article = factories.article("Berita yang ingin diubah")
    response = reader_client.post(f"/admin/pages/{article.pk}/edit/", {"title": "Diubah pembaca"})
    assert refused(response)
    article.refresh_from_db()
    assert article.title == "Berita yang ingin diubah"


def test_reader_credentials_on_the_admin_login_form_open_no_session():
    reader = readers.reader()
    client = Client()
    response = client.post("/admin/login/", {"username": reader.username, "password": readers.PASSWORD})
    assert response.status_code == 200  # the form again, with the reason
    assert "/akun/login/" in response.content.decode()
    assert "sessionid" not in response.cookies or not response.cookies["sessionid"].value
    assert client.get("/akun/status/").json()["authenticated"] is False
    assert refused(client.get("/admin/"))


def test_reader_email_on_the_admin_login_form_opens_no_session_either():
    reader = readers.reader(email="pembaca-admin@example.com")
    client = Client()
    response = client.post("/admin/login/", {"username": reader.email, "password": readers.PASSWORD})
    assert response.status_code == 200
    assert client.get("/akun/status/").json()["authenticated"] is False


def test_a_signed_in_reader_on_the_admin_login_page_is_not_let_in(reader_client):
    response = reader_client.get("/admin/login/")
    assert response.status_code == 200  # the login form, not the dashboard
    assert refused(reader_client.get("/admin/"))


def test_reader_gets_only_public_content_from_the_api(reader_client):
    factories.article("Terbit untuk semua")
    draft = factories.article("Draf rahasia redaksi", published=False)
    listing = reader_client.get("/api/v2/pages/?type=articles.ArticlePage&fields=title")
    assert listing.status_code == 200
    titles = [item["title"] for item in listing.json()["items"]]
    assert titles == ["Terbit untuk semua"]
    assert reader_client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert refused(reader_client.get(f"/admin/api/main/pages/{draft.pk}/"))


def test_staff_still_log_in_at_the_admin_login(client):
    editor = factories.staff("redaktur-masuk", EDITORS)
    response = client.post("/admin/login/", {"username": "redaktur-masuk", "password": factories.STAFF_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert editor.has_perm("wagtailadmin.access_admin")
