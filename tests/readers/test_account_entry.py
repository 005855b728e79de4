"""The header's account link is the same in every cached copy of a page, so it never says "Masuk": a signed-in
reader whose browser runs no JavaScript follows it to their account, anyone else to the login and back."""

from __future__ import annotations

import pytest

from tests import factories
from tests.i18n import site_text
from tests.parsing import html

pytestmark = pytest.mark.django_db


def test_a_signed_in_reader_without_javascript_is_not_offered_to_log_in(client, django_user_model):
    article = factories.article("Berita untuk pembaca yang sudah masuk")
    reader = django_user_model.objects.create_user("pembaca", "pembaca@example.com", "rahasia-uji-123")
    client.force_login(reader)
    link = html(client.get(article.dated_path()).content.decode()).find("a", cls="site-account__login")
    assert link is not None
    assert site_text("Log in") not in link.text
    assert link.text.strip() == site_text("Account")

    response = client.get(link.attrs["href"])
    assert response.status_code == 302
    assert response["Location"] == "/akun/"


def test_anyone_else_goes_to_the_login_and_back_to_the_page(client):
    article = factories.article("Berita untuk pembaca baru")
    response = client.get(f"/akun/saya/?next={article.dated_path()}")
    assert response.status_code == 302
    assert response["Location"] == f"/akun/login/?next={article.dated_path()}"


def test_a_next_that_leaves_the_site_is_dropped(client):
    response = client.get("/akun/saya/?next=//evil.example/")
    assert response["Location"] == "/akun/login/?next=/"
