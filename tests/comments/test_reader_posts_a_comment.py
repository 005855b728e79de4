"""A logged-in reader comments under an article; it shows, is counted, and the article's pages are purged."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from kabar.articles.models import ArticlePage
from kabar.comments.models import Comment
from kabar.delivery.purge import article_key

pytestmark = pytest.mark.django_db


def post_url(article: ArticlePage) -> str:
    return reverse("comments:post", args=[article.pk])


def page_url(article: ArticlePage) -> str:
    return reverse("comments:page", args=[article.pk])


def test_a_reader_s_comment_is_published_counted_and_purged(reader_client, article, purged):
    response = reader_client.post(post_url(article), {"text": "Semoga harga cepat turun lagi."})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(article)}#komentar-{comment.pk}"
    assert comment.status == Comment.Status.APPROVED and comment.author.username == "sari"
    assert comment.ip_address == "127.0.0.1"
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 1
    assert purged == [[article_key(article.pk)]]

    page = reader_client.get(response["Location"])
    html = page.content.decode()
    assert "Semoga harga cepat turun lagi." in html
    assert "Sari Wulandari" in html
    assert f'id="komentar-{comment.pk}"' in html
    assert 'class="comments__message comments__message--success"' in html


def test_anonymous_readers_see_comments_and_a_log_in_link(client, article):
    from tests.comments import factories

    factories.comment(article, text="Komentar yang sudah tayang.")
    html = client.get(page_url(article)).content.decode()
    assert "Komentar yang sudah tayang." in html
    assert f'href="/akun/login/?next=%2Fkomentar%2F{article.pk}%2F"' in html
    assert 'name="text"' not in html
    assert "csrfmiddlewaretoken" not in html


def test_an_anonymous_post_is_sent_to_log_in_and_changes_nothing(client, article):
    response = client.post(post_url(article), {"text": "Tanpa akun."})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert not Comment.objects.exists()


def test_a_post_without_csrf_token_is_refused_and_logged(reader, article, caplog):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        response = client.post(post_url(article), {"text": "Dipalsukan."})
    assert response.status_code == 403
    assert not Comment.objects.exists()
    assert any("CSRF" in record.getMessage() for record in caplog.records)


def test_the_form_carries_a_csrf_token_for_logged_in_readers(reader_client, article):
    html = reader_client.get(page_url(article)).content.decode()
    assert "csrfmiddlewaretoken" in html
    assert f'action="{post_url(article)}"' in html


@pytest.mark.parametrize("how", ["unpublished", "private", "missing"])
def test_articles_readers_cannot_see_take_no_comments(reader_client, how, caplog):
    from wagtail.models import PageViewRestriction

    from tests import factories

    if how == "missing":
        article_id = 999_999
    else:
        article = factories.article(published=how != "unpublished")
        if how == "private":
            PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
        article_id = article.pk
    with caplog.at_level(logging.WARNING, logger="kabar.comments.views"):
        posted = reader_client.post(reverse("comments:post", args=[article_id]), {"text": "Halo."})
        shown = reader_client.get(reverse("comments:page", args=[article_id]))
    assert posted.status_code == 404
    assert shown.status_code == 404
    assert not Comment.objects.exists()
    assert any("not a public article" in record.getMessage() for record in caplog.records)


def test_an_absurdly_long_id_is_a_plain_404(reader_client):
    assert reader_client.get("/komentar/99999999999999999999999/").status_code == 404
