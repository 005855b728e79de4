"""Every publish, unpublish and correction is in the audit log, with who did it, once."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

from kabar.articles.models import ArticlePage
from kabar.newsroom import services
from kabar.newsroom.services import EDITORS
from tests import factories
from tests.newsroom.support import editor_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = factories.staff("redaktur", EDITORS)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return user


def actions(article, action: str):
    return list(PageLogEntry.objects.filter(page_id=article.pk, action=action).order_by("pk"))


def test_publishing_and_unpublishing_in_the_admin_are_logged_once_with_the_editor(client, editor):
    article = factories.article("Diterbitkan lalu ditarik", published=False)
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = editor_form(client.get(url).content.decode())
    data["action-publish"] = "action-publish"
    assert client.post(url, data).status_code == 302
    assert client.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk])).status_code == 302

    [published] = actions(article, "wagtail.publish")
    [unpublished] = actions(article, "wagtail.unpublish")
    assert published.user == editor
    assert unpublished.user == editor


def test_scheduled_publishing_by_the_worker_is_logged_as_such():
    article = factories.article("Terjadwal", published=False)
    page = ArticlePage.objects.get(pk=article.pk)
    page.save_revision(approved_go_live_at=timezone.now() - dt.timedelta(minutes=1))
    assert services.publish_due_articles() == 1
    [published] = actions(article, "wagtail.publish.scheduled")
    assert published.user is None


def test_a_correction_is_logged_as_a_correction_with_its_note(client, editor):
    article = factories.article("Dikoreksi")
    client.post(reverse("newsroom_add_correction", args=[article.pk]), {"note": "Nama menteri diperbaiki."})
    [correction] = actions(article, "kabar.correction")
    assert correction.user == editor
    assert correction.data == {"note": "Nama menteri diperbaiki."}
    with translation.override("en"):
        assert correction.message == "Correction published: Nama menteri diperbaiki."
    # Wagtail logs the republishing itself; the correction entry is not a second "publish".
    assert len(actions(article, "wagtail.publish")) == 2  # the first publication and the corrected one


def test_site_history_shows_the_newsrooms_actions_by_their_labels_and_filters_them(client, editor):
    article = factories.article("Riwayat situs")
    client.post(reverse("newsroom_add_correction", args=[article.pk]), {"note": "Angka diperbaiki."})
    services.move_to_bin(article, user=editor)
    superuser = factories.staff("root", None, superuser=True)
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(superuser)

    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Correction published: Angka diperbaiki." in history
    assert "Unpublished and moved to the bin" in history
    assert "Move to the bin" in history  # a choice in the action filter

    only_bin = client.get(reverse("wagtailadmin_reports:site_history"), {"action": "kabar.bin"}).content.decode()
    assert "Unpublished and moved to the bin" in only_bin
    assert "Correction published" not in only_bin
