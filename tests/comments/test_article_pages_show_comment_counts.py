"""Article pages stay cacheable (nothing of the reader in them) and show only a link to the comments;
lists show each article's comment count from its own row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kabar.articles import services as article_services
from kabar.articles.models import ArticlePage
from kabar.comments.models import Comment
from tests import factories
from tests.comments import factories as comment_factories
from tests.i18n import site_html, site_ntext

pytestmark = pytest.mark.django_db


def test_the_article_page_has_a_placeholder_linking_to_the_comments(client, article):
    html = client.get(article.dated_path()).content.decode()
    assert f'data-comments-src="/komentar/{article.pk}/bagian/"' in html
    assert f'<a class="button button--ghost" href="/komentar/{article.pk}/">{site_html("Write a comment")}</a>' in html
    assert "/static/comments/comments.js" in html and "/static/comments/comments.css" in html
    comment_factories.comment(article)
    comment_factories.comment(article)
    html = client.get(article.dated_path()).content.decode()
    comments = site_ntext("Comment (%(counter)s)", "Comments (%(counter)s)", 2, counter=2)
    assert f'<a class="button button--ghost" href="/komentar/{article.pk}/">{comments}</a>' in html


def test_the_article_page_is_the_same_for_every_reader_and_touches_no_session(article, reader):
    comment_factories.comment(article, author=reader, text="Komentar saya sendiri.")
    anonymous = Client().get(article.dated_path())
    logged_in = Client()
    logged_in.force_login(reader)
    theirs = logged_in.get(article.dated_path())
    assert anonymous.content == theirs.content
    html = theirs.content.decode()
    assert "csrfmiddlewaretoken" not in html and "Komentar saya sendiri." not in html
    # SessionMiddleware adds "Vary: Cookie" once anything reads the session (request.user does).
    assert "Cookie" not in theirs.get("Vary", "")
    assert "csrftoken" not in theirs.cookies


def test_cards_show_the_comment_count_when_there_are_comments(client):
    section = factories.section("Ekonomi")
    talked_about = factories.article("Banyak dibicarakan", in_section=section)
    quiet = factories.article("Sepi komentar", in_section=section)
    for _ in range(3):
        comment_factories.comment(talked_about)
    comment_factories.comment(quiet, status=Comment.Status.PENDING)
    html = client.get("/ekonomi/").content.decode()
    three = site_ntext("%(counter)s comment", "%(counter)s comments", 3, counter=3)
    assert f'<span class="card__comments">{three}</span>' in html
    card = html[html.index("Sepi komentar") :]
    assert "card__comments" not in card[: card.index("</article>")]


def test_counts_on_cards_cost_no_queries(client):
    section = factories.section("Ekonomi")
    articles = [factories.article(f"Artikel {n}", in_section=section) for n in range(3)]

    def queries() -> int:
        client.get("/ekonomi/")
        with CaptureQueriesContext(connection) as context:
            assert client.get("/ekonomi/").status_code == 200
        return len(context)

    before = queries()
    for article in articles:
        comment_factories.comment(article)
    assert queries() == before


def test_replies_count_only_while_their_thread_is_shown(article):
    thread = comment_factories.comment(article)
    comment_factories.comment(article, parent=thread)
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 2
    Comment.objects.filter(pk=thread.pk).update(status=Comment.Status.REJECTED)
    from kabar.comments.services import refresh_article

    assert refresh_article(article.pk) == 0


def test_publishing_a_new_revision_keeps_the_count(article):
    comment_factories.comment(article)
    page = ArticlePage.objects.get(pk=article.pk)
    page.title = "Judul diperbarui"
    page.save_revision().publish()
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 1
    # An old revision made before the comment does not bring its count of 0 back either.
    first = page.revisions.order_by("created_at", "pk").first()
    first.publish()
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 1
    article_services.unpublish_article(ArticlePage.objects.get(pk=article.pk))
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 1


def test_a_copy_of_an_article_starts_without_comments(article):
    comment_factories.comment(article)
    page = ArticlePage.objects.get(pk=article.pk)
    copy = page.copy(update_attrs={"slug": "salinan", "title": "Salinan"})
    assert ArticlePage.objects.get(pk=copy.pk).comment_count == 0


def test_the_comments_page_url_is_what_the_placeholder_names(article):
    assert reverse("comments:page", args=[article.pk]) == f"/komentar/{article.pk}/"
    assert reverse("comments:fragment", args=[article.pk]) == f"/komentar/{article.pk}/bagian/"
