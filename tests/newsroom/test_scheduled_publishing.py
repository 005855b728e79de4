import datetime as dt

import pytest

from kabar.articles.models import ArticlePage
from kabar.newsroom.services import publish_due_articles
from tests import factories

pytestmark = pytest.mark.django_db


def hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)


def test_approved_schedule_in_the_past_is_published_by_the_clock_job(client):
    page = factories.article("Terjadwal", published=False)
    page.save_revision(approved_go_live_at=factories.now() - hours(0.1))
    assert not ArticlePage.objects.get(pk=page.pk).live
    assert publish_due_articles() == 1
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.live
    assert page.published_at is not None
    assert client.get(page.dated_path()).status_code == 200


def test_schedule_in_the_future_is_not_published_yet():
    page = factories.article("Besok pagi", published=False)
    page.save_revision(approved_go_live_at=factories.now() + hours(12))
    assert publish_due_articles() == 0
    assert not ArticlePage.objects.get(pk=page.pk).live


def test_publishing_with_a_future_go_live_time_schedules_and_the_clock_publishes_when_it_comes(monkeypatch):
    page = factories.article("Embargo", published=False)
    draft = ArticlePage.objects.get(pk=page.pk)
    draft.go_live_at = factories.now() + hours(2)
    revision = draft.save_revision()
    revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    assert not ArticlePage.objects.get(pk=page.pk).live
    assert publish_due_articles() == 0
    later = factories.now() + hours(2.1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert publish_due_articles() == 1
    assert ArticlePage.objects.get(pk=page.pk).live
    assert publish_due_articles() == 0


def test_scheduled_article_appears_in_the_feed_once_published(client):
    page = factories.article("Muncul di RSS", published=False)
    page.save_revision(approved_go_live_at=factories.now() - hours(0.1))
    assert b"Muncul di RSS" not in client.get("/feed/").content
    publish_due_articles()
    from tests.parsing import xml

    titles = [item.findtext("title") for item in xml(client.get("/feed/")).iter("item")]
    assert titles == ["Muncul di RSS"]


def test_article_past_its_expiry_is_unpublished_by_the_clock_job(client):
    page = factories.article("Kedaluwarsa")
    ArticlePage.objects.filter(pk=page.pk).update(expire_at=factories.now() - hours(1))
    publish_due_articles()
    page = ArticlePage.objects.get(pk=page.pk)
    assert not page.live
    assert page.expired
