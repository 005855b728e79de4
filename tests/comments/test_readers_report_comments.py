"""The "Laporkan" button: once per reader per comment; K open reports hide the comment until a moderator decides."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from kabar.articles.models import ArticlePage
from kabar.comments import queries
from kabar.comments.models import Comment, CommentReport
from tests.comments import factories
from tests.i18n import site_html

pytestmark = pytest.mark.django_db


def report(client, comment, reason="abuse"):
    return client.post(reverse("comments:report", args=[comment.pk]), {"reason": reason})


def test_a_reader_reports_a_comment_once(reader_client, reader, article, caplog):
    comment = factories.comment(article)
    form = reader_client.get(reverse("comments:report", args=[comment.pk]))
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    assert report(reader_client, comment).status_code == 302
    assert CommentReport.objects.get().reason == "abuse"
    with caplog.at_level(logging.WARNING, logger="kabar.comments.services"):
        again = report(reader_client, comment)
    assert again.status_code == 409
    assert site_html("You have already reported this comment.") in again.content.decode()
    assert CommentReport.objects.count() == 1
    assert Comment.objects.get(pk=comment.pk).open_reports == 1
    html = reader_client.get(reverse("comments:page", args=[article.pk])).content.decode()
    assert 'class="comment__reported"' in html


def test_enough_reports_hide_the_comment_until_reviewed(client, article, purged):
    settings = queries.site_settings()
    settings.reports_threshold = 2
    settings.save()
    comment = factories.comment(article, text="Komentar yang dilaporkan.")
    purged.clear()
    for name in ("pelapor1", "pelapor2"):
        client.force_login(factories.reader(name))
        report(client, comment)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.hold_reason == Comment.HoldReason.REPORTS and comment.open_reports == 2
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 0
    assert purged == [[f"article:{article.pk}"]]
    assert ModelLogEntry.objects.get(action="kabar.comments.hide").object_id == str(comment.pk)
    client.logout()
    assert "Komentar yang dilaporkan." not in client.get(reverse("comments:page", args=[article.pk])).content.decode()


def test_a_reader_cannot_report_their_own_comment(reader_client, reader, article):
    comment = factories.comment(article, author=reader)
    assert report(reader_client, comment).status_code == 400
    assert not CommentReport.objects.exists()


def test_a_hidden_comment_cannot_be_reported(reader_client, article):
    comment = factories.comment(article, status=Comment.Status.PENDING)
    assert report(reader_client, comment).status_code == 404
    assert not CommentReport.objects.exists()


def test_an_unknown_reason_counts_as_something_else(reader_client, article):
    comment = factories.comment(article)
    report(reader_client, comment, reason="<script>")
    assert CommentReport.objects.get().reason == CommentReport.Reason.OTHER
