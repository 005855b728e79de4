"""`kabar demo` adds comments: threads with replies on the newest articles, one pending, one reported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from kabar.articles.models import ArticlePage
from kabar.comments.models import Comment, CommentReport
from kabar.demo.comments import seed_demo_comments
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    now = factories.now()
    articles = [
        factories.article(f"Berita demo {n}", published_at=now - dt.timedelta(hours=5 * (n + 1))) for n in range(4)
    ]
    factories.staff("redaktur", "Redaktur")
    return articles


def test_demo_comments_fill_the_newest_articles(newsroom):
    made = seed_demo_comments()
    assert made == Comment.objects.count() > 5
    newest = newsroom[0]
    assert Comment.objects.filter(article=newest, parent__isnull=False).exists()
    assert Comment.objects.filter(article=newsroom[3]).count() == 0
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 1
    assert Comment.objects.filter(is_staff_reply=True, author__username="redaktur").count() == 1
    reported = CommentReport.objects.get().comment
    assert reported.open_reports == 1 and reported.status == Comment.Status.APPROVED
    for article in newsroom:
        visible = Comment.objects.filter(article=article, status=Comment.Status.APPROVED).count()
        assert ArticlePage.objects.get(pk=article.pk).comment_count == visible
    assert all(c.created_at >= c.article.published_at for c in Comment.objects.select_related("article"))
    pembaca = User.objects.get(username="pembaca")
    assert pembaca.email == "pembaca@example.com"


def test_demo_comments_are_added_once(newsroom):
    first = seed_demo_comments()
    assert seed_demo_comments() == 0
    assert Comment.objects.count() == first


def test_an_existing_pembaca_is_used_as_is(newsroom):
    existing = User.objects.create_user("pembaca", "pembaca@example.com", "kata-sandi-pembaca-1")
    seed_demo_comments()
    existing.refresh_from_db()
    assert existing.check_password("kata-sandi-pembaca-1")
    assert Comment.objects.filter(author=existing).exists()


def test_kabar_demo_runs_the_comments_hook(settings, tmp_path):
    from tests.demo.support import PASSWORD, seed

    settings.DATA_DIR = tmp_path / "data"
    seed(password=PASSWORD)
    assert Comment.objects.filter(status=Comment.Status.APPROVED, parent__isnull=False).exists()
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 1
    assert CommentReport.objects.count() == 1
    count = Comment.objects.count()
    seed(password=PASSWORD)
    assert Comment.objects.count() == count
