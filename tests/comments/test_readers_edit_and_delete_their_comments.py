"""A reader edits their comment for 5 minutes and deletes it at any time; another reader's comment
cannot be touched (403, logged, nothing changed)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.urls import reverse

from kabar.articles.models import ArticlePage
from kabar.comments.models import Comment
from tests.comments import factories
from tests.i18n import site_html

pytestmark = pytest.mark.django_db


def test_a_reader_edits_their_comment_within_five_minutes(reader_client, reader, article):
    comment = factories.comment(article, author=reader, text="Salah ketik.", ago=dt.timedelta(minutes=4))
    form = reader_client.get(reverse("comments:edit", args=[comment.pk]))
    assert form.status_code == 200 and "Salah ketik." in form.content.decode()
    response = reader_client.post(reverse("comments:edit", args=[comment.pk]), {"text": "Sudah dibetulkan."})
    assert response.status_code == 302
    assert response["Location"] == f"/komentar/{article.pk}/#komentar-{comment.pk}"
    comment.refresh_from_db()
    assert comment.text == "Sudah dibetulkan." and comment.edited_at is not None
    assert comment.status == Comment.Status.APPROVED


def test_after_five_minutes_the_comment_cannot_be_edited(reader_client, reader, article, caplog):
    comment = factories.comment(article, author=reader, text="Sudah lama.", ago=dt.timedelta(minutes=6))
    with caplog.at_level(logging.WARNING, logger="kabar.comments.services"):
        response = reader_client.post(reverse("comments:edit", args=[comment.pk]), {"text": "Terlambat."})
    assert response.status_code == 403
    assert (
        site_html("A comment can be edited only in the first %(minutes)s minutes.", minutes=5)
        in response.content.decode()
    )
    comment.refresh_from_db()
    assert comment.text == "Sudah lama."
    assert any("edit_window" in record.getMessage() for record in caplog.records)


def test_the_edit_link_shows_only_while_editing_is_possible(reader_client, reader, article):
    fresh = factories.comment(article, author=reader, ago=dt.timedelta(minutes=1))
    old = factories.comment(article, author=reader, ago=dt.timedelta(minutes=10))
    html = reader_client.get(reverse("comments:page", args=[article.pk])).content.decode()
    assert reverse("comments:edit", args=[fresh.pk]) in html
    assert reverse("comments:edit", args=[old.pk]) not in html
    assert reverse("comments:delete", args=[old.pk]) in html


def test_an_edit_with_a_blocked_word_goes_back_to_the_queue(reader_client, reader, article, purged):
    comment = factories.comment(article, author=reader, ago=dt.timedelta(minutes=1))
    purged.clear()
    reader_client.post(reverse("comments:edit", args=[comment.pk]), {"text": "Dasar TOLOL!"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and comment.hold_reason == Comment.HoldReason.WORDS
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 0
    assert purged == [[f"article:{article.pk}"]]


@pytest.mark.parametrize("action", ["comments:edit", "comments:delete"])
def test_another_reader_s_comment_is_refused_logged_and_unchanged(reader_client, article, action, caplog):
    theirs = factories.comment(article, text="Milik orang lain.", ago=dt.timedelta(minutes=1))
    with caplog.at_level(logging.WARNING, logger="kabar.comments.services"):
        shown = reader_client.get(reverse(action, args=[theirs.pk]))
        sent = reader_client.post(reverse(action, args=[theirs.pk]), {"text": "Dibajak."})
    assert shown.status_code == 403 and sent.status_code == 403
    assert site_html("This is not your comment.") in sent.content.decode()
    theirs.refresh_from_db()
    assert theirs.text == "Milik orang lain." and theirs.status == Comment.Status.APPROVED
    assert sum("not_yours" in record.getMessage() for record in caplog.records) == 2


def test_a_missing_comment_is_a_404(reader_client):
    assert reader_client.post(reverse("comments:delete", args=[424242])).status_code == 404


def test_anonymous_readers_are_sent_to_log_in(client, article):
    comment = factories.comment(article)
    response = client.post(reverse("comments:delete", args=[comment.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/akun/login/")
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_reader_deletes_their_comment_at_any_time(reader_client, reader, article, purged):
    comment = factories.comment(article, author=reader, ago=dt.timedelta(days=40))
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 1
    confirm = reader_client.get(reverse("comments:delete", args=[comment.pk]))
    assert confirm.status_code == 200
    assert site_html("Delete this comment? This cannot be undone.") in confirm.content.decode()
    purged.clear()
    response = reader_client.post(reverse("comments:delete", args=[comment.pk]))
    assert response.status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 0
    assert purged == [[f"article:{article.pk}"]]


def test_deleting_a_comment_with_replies_keeps_the_replies(reader_client, reader, article):
    comment = factories.comment(article, author=reader, text="Pertanyaan saya.")
    reply = factories.comment(article, parent=comment, text="Jawaban orang lain.")
    reader_client.post(reverse("comments:delete", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED
    assert comment.text == "" and comment.author_id is None
    assert Comment.objects.get(pk=reply.pk).status == Comment.Status.APPROVED
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 1


def test_the_script_gets_only_the_changed_comment(reader_client, reader, article):
    comment = factories.comment(article, author=reader, ago=dt.timedelta(minutes=1))
    headers = {"X-Kabar-Fragment": "1"}
    panel = reader_client.get(reverse("comments:edit", args=[comment.pk]), headers=headers).content.decode()
    assert panel.startswith('<div data-comments-result="panel"') and "data-comments-panel" in panel
    done = reader_client.post(reverse("comments:edit", args=[comment.pk]), {"text": "Baru."}, headers=headers)
    html = done.content.decode()
    assert done.status_code == 200 and done["Cache-Control"] == "private, no-store"
    assert f'data-comments-result="replace" data-target="komentar-{comment.pk}"' in html
    assert "Baru." in html and "<html" not in html
    refused = reader_client.post(reverse("comments:edit", args=[comment.pk]), {"text": " "}, headers=headers)
    assert refused.status_code == 400 and 'data-comments-result="panel"' in refused.content.decode()
    gone = reader_client.post(reverse("comments:delete", args=[comment.pk]), headers=headers)
    assert f'data-comments-result="remove" data-target="komentar-{comment.pk}"' in gone.content.decode()
