"""The accounts' data hooks: a reader downloads their comments, and leaving removes or anonymises them."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from kabar.articles.models import ArticlePage
from kabar.comments.models import Comment, CommentReport
from kabar.comments.services import export_reader_comments, export_reader_data, forget_reader
from kabar.core import hooks
from tests.comments import factories
from tests.i18n import site_html

pytestmark = pytest.mark.django_db


def test_the_comments_app_plugs_into_the_reader_s_data():
    assert export_reader_data in hooks.functions(hooks.EXPORT_READER_DATA)
    assert forget_reader in hooks.functions(hooks.FORGET_READER)


def test_a_reader_s_comments_are_exported_as_json(reader, article):
    thread = factories.comment(article, author=reader, text="Pertanyaan <b>saya</b>.")
    reply = factories.comment(article, author=reader, parent=thread, text="Tambahan.", status=Comment.Status.PENDING)
    factories.comment(article, text="Punya orang lain.")
    exported = export_reader_comments(reader)
    assert [item["id"] for item in exported] == [thread.pk, reply.pk]
    first, second = exported
    assert first["article_title"] == article.title
    assert first["article_url"].endswith(article.dated_path())
    assert first["text"] == "Pertanyaan <b>saya</b>."
    assert first["status"] == "approved" and first["replies_to"] is None
    assert second["status"] == "pending" and second["replies_to"] == thread.pk
    assert json.loads(json.dumps(exported)) == exported
    assert export_reader_data(reader) == {"comments": exported}


def test_forgetting_with_removal_deletes_the_comments_but_not_others_replies(reader, article):
    own_thread = factories.comment(article, author=reader)
    others_reply = factories.comment(article, parent=own_thread, text="Balasan orang lain.")
    lonely = factories.comment(article, author=reader)
    factories.comment(article, author=reader, parent=factories.comment(article))
    reported = factories.comment(article)
    CommentReport.objects.create(comment=reported, reporter=reader, reason="spam")
    forget_reader(reader, remove_comments=True)
    assert not Comment.objects.filter(author=reader).exists()
    assert not Comment.objects.filter(pk=lonely.pk).exists()
    placeholder = Comment.objects.get(pk=own_thread.pk)
    assert placeholder.status == Comment.Status.DELETED and placeholder.text == ""
    assert Comment.objects.get(pk=others_reply.pk).text == "Balasan orang lain."
    assert CommentReport.objects.get().reporter is None
    # Visible: the other reader's reply (under the placeholder), the other thread and the reported one.
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 3


def test_forgetting_without_removal_keeps_the_text_under_reader(reader, article):
    comment = factories.comment(article, author=reader, text="Tetap ada.", ip_address="203.0.113.5")
    forget_reader(reader, remove_comments=False)
    comment.refresh_from_db()
    assert comment.author is None and comment.ip_address is None and comment.text == "Tetap ada."
    html = Client().get(reverse("comments:page", args=[article.pk])).content.decode()
    assert f'<span class="comment__author">{site_html("Reader")}</span>' in html
    assert "Sari" not in html


def test_the_account_can_then_be_deleted_and_threads_stay(reader, article):
    comment = factories.comment(article, author=reader)
    forget_reader(reader, remove_comments=False)
    reader.delete()
    assert Comment.objects.get(pk=comment.pk).author is None
