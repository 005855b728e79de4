"""Bad comments and forged posts: each gets a clear error, changes nothing else, and is logged."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from kabar.articles.models import ArticlePage
from kabar.comments.models import Comment
from tests import factories
from tests.comments import factories as comment_factories
from tests.i18n import site_html

pytestmark = pytest.mark.django_db


def post(client, article: ArticlePage, text: str, **extra: str):
    return client.post(reverse("comments:post", args=[article.pk]), {"text": text, **extra})


@pytest.mark.parametrize(
    ("text", "msgid", "values"),
    [
        ("", "Write something before sending.", {}),
        ("   \n\t ", "Write something before sending.", {}),
        ("\u200b\u2060\ufeff", "Write something before sending.", {}),
        (
            "x" * 2001,
            "The comment is too long: %(length)s characters, at most %(limit)s.",
            {"length": 2001, "limit": 2000},
        ),
        (
            "binary\x00\x01\x02",
            "The comment contains characters that are not text (control or binary characters). Please retype it.",
            {},
        ),
    ],
)
def test_unusable_text_is_refused_on_the_form_and_logged(reader_client, article, caplog, text, msgid, values):
    existing = comment_factories.comment(article, text="Yang sudah ada.")
    with caplog.at_level(logging.WARNING, logger="kabar.comments.services"):
        response = post(reader_client, article, text)
    assert response.status_code == 400
    html = response.content.decode()
    assert site_html(msgid, **values) in html
    assert 'aria-invalid="true"' in html
    assert site_html("Null characters are not allowed.") not in html
    assert list(Comment.objects.all()) == [existing]
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 1
    assert any("comment refused" in record.getMessage() for record in caplog.records)


def test_refused_text_comes_back_in_the_form(reader_client, article):
    long_text = "Panjang sekali. " * 200
    html = post(reader_client, article, long_text).content.decode()
    assert long_text.strip() in html.replace("&#x27;", "'")


def test_html_and_script_are_stored_as_written_and_shown_as_text(reader_client, article):
    text = '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    post(reader_client, article, text)
    assert Comment.objects.get().text == text
    html = reader_client.get(reverse("comments:page", args=[article.pk])).content.decode()
    assert "&lt;script&gt;" in html and "<img src=x" not in html


def test_right_to_left_override_and_zero_width_characters_are_removed(reader_client, article):
    post(reader_client, article, "harga\u200b naik \u202egnp.exe\u202c")
    assert Comment.objects.get().text == "harga naik gnp.exe"


def test_a_reply_to_a_reply_is_refused(reader_client, article, caplog):
    thread = comment_factories.comment(article)
    reply = comment_factories.comment(article, parent=thread)
    with caplog.at_level(logging.WARNING, logger="kabar.comments.services"):
        response = post(reader_client, article, "Balasan bertingkat.", parent=str(reply.pk))
    assert response.status_code == 400
    assert (
        site_html("That comment cannot be replied to: it is not shown under this article, or it is a reply itself.")
        in response.content.decode()
    )
    assert Comment.objects.count() == 2
    assert any("bad_parent" in record.getMessage() for record in caplog.records)


def test_a_reply_to_a_comment_on_another_article_is_refused(reader_client, article):
    elsewhere = comment_factories.comment(factories.article("Artikel lain"))
    response = post(reader_client, article, "Salah artikel.", parent=str(elsewhere.pk))
    assert response.status_code == 400
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("parent", ["hidden", "nonsense", "99999999"])
def test_a_reply_to_a_hidden_missing_or_nonsense_comment_is_refused(reader_client, article, parent):
    if parent == "hidden":
        parent = str(comment_factories.comment(article, status=Comment.Status.REJECTED).pk)
    before = Comment.objects.count()
    response = post(reader_client, article, "Balasan.", parent=parent)
    assert response.status_code == 400
    assert Comment.objects.count() == before


def test_the_text_of_a_refused_reply_is_kept_for_sending_as_a_comment(reader_client, article):
    thread = comment_factories.comment(article)
    reply = comment_factories.comment(article, parent=thread)
    html = post(reader_client, article, "Teks saya tetap ada.", parent=str(reply.pk)).content.decode()
    assert "Teks saya tetap ada." in html
    assert 'name="parent" value=""' in html
