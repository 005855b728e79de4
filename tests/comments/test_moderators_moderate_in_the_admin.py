"""Moderation in Wagtail's admin: the Moderator group, the queue with its filters, search and bulk
actions, bans, an article's own mode, and every act in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, ModelLogEntry

from kabar.articles.models import ArticlePage
from kabar.comments import services
from kabar.comments.models import ArticleCommentPolicy, Ban, Comment, CommentReport, Mode
from tests import factories
from tests.comments import factories as comment_factories
from tests.i18n import site_html

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/"


@pytest.fixture
def moderator_client(client):
    client.force_login(comment_factories.moderator())
    return client


def test_the_moderator_group_may_moderate_but_not_edit_articles():
    group = Group.objects.get(name=services.MODERATORS)
    rights = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert {"wagtailadmin.access_admin", "comments.moderate_comment", "comments.change_commentsettings"} <= rights
    assert not any(right.startswith(("wagtailcore.", "articles.")) for right in rights)
    assert not GroupPagePermission.objects.filter(group=group).exists()
    for newsroom_group in ("Redaktur", "Admin"):
        assert Group.objects.get(name=newsroom_group).permissions.filter(codename="moderate_comment").exists()
    assert not Group.objects.get(name="Penulis").permissions.filter(codename="moderate_comment").exists()


def test_a_moderator_cannot_open_an_article_in_the_editor(moderator_client, article):
    response = moderator_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert response.status_code in (302, 403)
    assert "id_title" not in response.content.decode()


def test_the_queue_lists_pending_comments_oldest_first(moderator_client, article):
    older = comment_factories.comment(article, status=Comment.Status.PENDING, ago=dt.timedelta(hours=2))
    newer = comment_factories.comment(article, status=Comment.Status.PENDING, ago=dt.timedelta(hours=1))
    shown = comment_factories.comment(article, text="Sudah tayang.")
    html = moderator_client.get(QUEUE).content.decode()
    assert html.index(f'data-comment-id="{older.pk}"') < html.index(f'data-comment-id="{newer.pk}"')
    assert f'data-comment-id="{shown.pk}"' not in html


def test_a_moderator_approves_and_it_is_logged_counted_and_purged(moderator_client, article, purged):
    comment = comment_factories.comment(article, status=Comment.Status.PENDING, hold_reason="words")
    purged.clear()
    response = moderator_client.post(QUEUE, {"row_action": f"approve:{comment.pk}", "next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and comment.moderated_by.username == "moderator"
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 1
    assert purged == [[f"article:{article.pk}"]]
    entry = ModelLogEntry.objects.get(action="kabar.comments.approve")
    assert entry.object_id == str(comment.pk) and entry.user.username == "moderator"
    history = moderator_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert site_html("Comment approved") in history and reverse("comments_detail", args=[comment.pk]) in history


def test_bulk_actions_decide_on_many_comments_in_one_logged_act(moderator_client, article):
    comments = [comment_factories.comment(article, status=Comment.Status.PENDING) for _ in range(3)]
    left = comment_factories.comment(article, status=Comment.Status.PENDING)
    moderator_client.post(QUEUE, {"action": "reject", "bulk": "1", "ids": [c.pk for c in comments] + ["x"]})
    assert set(Comment.objects.filter(status=Comment.Status.REJECTED)) == set(comments)
    assert Comment.objects.get(pk=left.pk).status == Comment.Status.PENDING
    entries = ModelLogEntry.objects.filter(action="kabar.comments.reject")
    assert entries.count() == 3 and len({entry.uuid for entry in entries}) == 1


def test_spam_and_a_bad_action_are_handled(moderator_client, article):
    comment = comment_factories.comment(article, status=Comment.Status.PENDING)
    moderator_client.post(QUEUE, {"row_action": f"spam:{comment.pk}"})
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.SPAM
    assert ModelLogEntry.objects.filter(action="kabar.comments.spam").exists()
    response = moderator_client.post(QUEUE, {"row_action": f"delete-everything:{comment.pk}"}, follow=True)
    assert site_html("Choose what to do with the comments.") in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.SPAM
    html = moderator_client.get(QUEUE, {"status": "spam"}).content.decode()
    assert f'data-comment-id="{comment.pk}"' in html


def test_the_reported_filter_and_search(moderator_client, article):
    reported = comment_factories.comment(article, text="Ini komentar dilaporkan.", open_reports=1)
    CommentReport.objects.create(comment=reported, reporter=comment_factories.reader(), reason="abuse")
    other = comment_factories.comment(article, text="Komentar lain.", author=comment_factories.reader("budiman"))
    html = moderator_client.get(QUEUE, {"status": "reported"}).content.decode()
    assert f'data-comment-id="{reported.pk}"' in html and f'data-comment-id="{other.pk}"' not in html
    assert site_html("Insults, harassment or hate") in html
    found = moderator_client.get(QUEUE, {"status": "all", "q": "budiman"}).content.decode()
    assert f'data-comment-id="{other.pk}"' in found and f'data-comment-id="{reported.pk}"' not in found
    by_text = moderator_client.get(QUEUE, {"status": "all", "q": "dilaporkan"}).content.decode()
    assert f'data-comment-id="{reported.pk}"' in by_text


def test_approving_a_reported_comment_settles_its_reports(moderator_client, article):
    comment = comment_factories.comment(article, status=Comment.Status.PENDING, hold_reason="reports", open_reports=3)
    CommentReport.objects.create(comment=comment, reporter=comment_factories.reader(), reason="spam")
    moderator_client.post(QUEUE, {"row_action": f"approve:{comment.pk}"})
    comment.refresh_from_db()
    assert comment.open_reports == 0 and comment.status == Comment.Status.APPROVED
    assert CommentReport.objects.get().resolved_at is not None


def test_a_moderator_bans_a_reader_from_a_comment(moderator_client, article):
    troll = comment_factories.reader("troll")
    comment = comment_factories.comment(article, author=troll, text="Menghina.")
    url = reverse("comments_ban", args=[comment.pk])
    assert moderator_client.get(url).status_code == 200
    refused = moderator_client.post(url, {"reason": "", "duration": "7"})
    assert refused.status_code == 200 and not Ban.objects.exists()
    response = moderator_client.post(
        url, {"reason": "Menghina berulang kali.", "duration": "7", "reject_comment": "on"}
    )
    assert response.status_code == 302
    ban = Ban.objects.get()
    assert ban.user == troll and ban.created_by.username == "moderator"
    assert timezone.now() + dt.timedelta(days=6) < ban.expires_at < timezone.now() + dt.timedelta(days=8)
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.REJECTED
    assert ModelLogEntry.objects.filter(action="kabar.comments.ban", object_id=str(ban.pk)).exists()
    # The admin menu (rendered from JSON by Wagtail's sidebar) leads to the bans.
    assert '"/admin/comment_bans/"' in moderator_client.get("/admin/").content.decode()


def test_an_article_s_comments_can_be_closed_from_the_admin(moderator_client, article):
    url = reverse("comments_article", args=[article.pk])
    assert moderator_client.get(url).status_code == 200
    moderator_client.post(url, {"mode": Mode.CLOSED, "auto_close_days": ""})
    policy = ArticleCommentPolicy.objects.get(article=article)
    assert policy.mode == Mode.CLOSED and policy.auto_close_days is None
    assert ModelLogEntry.objects.filter(action="kabar.comments.policy").exists()
    moderator_client.post(url, {"mode": "", "auto_close_days": "-1"})
    assert ArticleCommentPolicy.objects.get(article=article).mode == Mode.CLOSED


def test_the_article_editor_has_a_comments_button_for_editors(client, article):
    client.force_login(factories.staff("redaktur", "Redaktur"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert reverse("comments_article", args=[article.pk]) in html
    assert client.get(QUEUE).status_code == 200


def test_people_without_the_right_are_kept_out(client, article):
    comment = comment_factories.comment(article, status=Comment.Status.PENDING)
    client.force_login(factories.staff("penulis", "Penulis"))
    # Wagtail answers a refusal in its admin with a redirect to the dashboard and a message.
    for response in (
        client.get(QUEUE),
        client.post(QUEUE, {"row_action": f"approve:{comment.pk}"}),
        client.get(reverse("comments_ban", args=[comment.pk])),
    ):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING
    with pytest.raises(services.CommentRefused):
        services.approve_comment(comment, factories.staff("penulis2", "Penulis"))


def test_moderators_edit_the_word_list_and_the_comment_settings(moderator_client):
    assert moderator_client.get(reverse("comment_words:index")).status_code == 200
    response = moderator_client.post(reverse("comment_words:add"), {"word": "Penipu"})
    assert response.status_code == 302
    from kabar.comments.models import BlockedWord

    assert BlockedWord.objects.filter(word="penipu").exists()
    settings_page = moderator_client.get("/admin/settings/comments/commentsettings/", follow=True)
    assert settings_page.status_code == 200 and 'name="reports_threshold"' in settings_page.content.decode()


def test_a_comment_s_own_screen_shows_its_context_and_decides(moderator_client, article):
    thread = comment_factories.comment(article, text="Komentar induk.")
    reply = comment_factories.comment(
        article, parent=thread, text="Balasan <b>kasar</b>.", status=Comment.Status.PENDING, open_reports=1
    )
    CommentReport.objects.create(comment=reply, reporter=comment_factories.reader("pelapor"), reason="abuse")
    url = reverse("comments_detail", args=[reply.pk])
    html = moderator_client.get(url).content.decode()
    assert "Komentar induk." in html and "Balasan &lt;b&gt;kasar&lt;/b&gt;." in html
    assert "pelapor" in html and site_html("Insults, harassment or hate") in html
    response = moderator_client.post(reverse("comments_moderate", args=[reply.pk]), {"action": "reject", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert Comment.objects.get(pk=reply.pk).status == Comment.Status.REJECTED
    assert moderator_client.get(reverse("comments_detail", args=[424242])).status_code == 404


def test_the_queue_narrows_to_one_article_or_one_reader(moderator_client, article):
    other_article = factories.article("Artikel kedua")
    here = comment_factories.comment(article, status=Comment.Status.PENDING)
    there = comment_factories.comment(other_article, status=Comment.Status.PENDING, author=here.author)
    elsewhere = comment_factories.comment(other_article, status=Comment.Status.PENDING)
    by_article = moderator_client.get(QUEUE, {"article": article.pk}).content.decode()
    assert f'data-comment-id="{here.pk}"' in by_article and f'data-comment-id="{there.pk}"' not in by_article
    by_author = moderator_client.get(QUEUE, {"author": here.author_id}).content.decode()
    assert f'data-comment-id="{there.pk}"' in by_author and f'data-comment-id="{elsewhere.pk}"' not in by_author
    assert moderator_client.get(QUEUE, {"article": "x", "status": "nonsense", "p": "99"}).status_code == 200


def test_bans_are_listed_and_can_be_lifted(moderator_client):
    ban = comment_factories.ban(comment_factories.reader("dilarang"), days=30)
    index = moderator_client.get(reverse("comment_bans:index")).content.decode()
    assert "dilarang" in index
    edit = reverse("comment_bans:edit", args=[ban.pk])
    moderator_client.post(edit, {"reason": "Dikurangi.", "expires_at": "2030-01-01 10:00"})
    ban.refresh_from_db()
    assert ban.reason == "Dikurangi." and ban.expires_at.year == 2030 and ban.user.username == "dilarang"
    response = moderator_client.post(reverse("comment_bans:delete", args=[ban.pk]))
    assert response.status_code == 302
    assert not Ban.objects.exists()


def test_an_article_can_close_comments_after_some_days(moderator_client, article):
    moderator_client.post(reverse("comments_article", args=[article.pk]), {"mode": "", "auto_close_days": "3"})
    policy = ArticleCommentPolicy.objects.get(article=article)
    assert policy.mode == "" and policy.auto_close_days == 3
