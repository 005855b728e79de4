"""Readers and staff are separate: a reader account never reaches the Wagtail admin, whatever it tries."""

from __future__ import annotations

import pytest
from django.test import Client

from kabar.newsroom.services import EDITORS
from tests import factories
from tests.newsroom import staff as staff_accounts
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
    """Sent to a login page (the admin's address or the site's one login), or refused outright."""
    if response.status_code in (302, 403, 404):
        return response.status_code != 302 or response["Location"].startswith(("/admin/login/", "/akun/login/"))
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


def test_reader_credentials_on_the_admin_login_address_open_no_session():
    # The admin has no login form of its own any more: its address sends everyone to /akun/login/.
    reader = readers.reader()
    client = Client()
    response = client.post("/admin/login/", {"username": reader.username, "password": readers.PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/akun/login/")
    assert "sessionid" not in response.cookies or not response.cookies["sessionid"].value
    assert client.get("/akun/status/").json()["authenticated"] is False
    assert refused(client.get("/admin/"))


def test_a_reader_logged_in_at_the_one_login_is_still_refused_by_the_admin():
    reader = readers.reader(email="pembaca-admin@example.com")
    client = Client()
    response = client.post("/akun/login/?next=/admin/", {"login": reader.email, "password": readers.PASSWORD})
    assert response.status_code == 302
    assert refused(client.get("/admin/"))


def test_a_signed_in_reader_on_the_admin_login_page_is_not_let_in(reader_client):
    response = reader_client.get("/admin/login/")
    assert response.status_code == 200  # "this account cannot open the newsroom", not the dashboard
    assert 'action="/akun/logout/"' in response.content.decode()
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


def test_staff_log_in_at_the_one_login_and_reach_the_admin(client):
    editor = staff_accounts.staff("redaktur-masuk", EDITORS)
    assert client.get("/admin/login/")["Location"] == "/akun/login/?next=/admin/"
    response = client.post("/akun/login/?next=/admin/", {"login": editor.email, "password": factories.STAFF_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert editor.has_perm("wagtailadmin.access_admin")
