"""Deleting an article moves it to the bin ("Tempat sampah"): unpublished, restorable for KABAR_BIN_DAYS days."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.users.models import UserProfile

from kabar.articles import queries as article_queries
from kabar.articles import services as article_services
from kabar.articles.models import ArchiveFolderPage, ArticlePage
from kabar.core import hooks
from kabar.core.hooks import PeriodicJob
from kabar.newsroom import services
from kabar.newsroom.models import BinnedArticle
from kabar.newsroom.services import ADMINS, EDITORS, WRITERS, publish_due_articles
from tests import factories

pytestmark = pytest.mark.django_db


def login(client, username: str, group: str):
    """A staff member logged in, reading the admin in English (the msgids these tests look for)."""
    user = factories.staff(username, group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return user


def delete_in_admin(client, page) -> None:
    """What the admin's "Delete" does: Wagtail's delete view, then the confirmation it leads to."""
    response = client.get(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("newsroom_move_to_bin", args=[page.pk]))
    confirm = client.get(response["Location"])
    assert confirm.status_code == 200
    assert "Move to the bin" in confirm.content.decode()
    assert client.post(response["Location"]).status_code == 302


def bulk_delete_url(pages, next_url: str = "/admin/") -> str:
    query = urlencode([("id", page.pk) for page in pages] + [("next", next_url)])
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + "?" + query


def test_deleting_an_article_in_the_admin_moves_it_to_the_bin_unpublished_and_keeps_it(client):
    article = factories.article("Salah terbit")
    url = article.dated_path()
    revisions = Revision.objects.filter(object_id=str(article.pk)).count()
    editor = login(client, "redaktur", EDITORS)

    delete_in_admin(client, article)

    binned = BinnedArticle.objects.get(article_id=article.pk)
    assert binned.binned_by == editor
    assert binned.was_live
    page = ArticlePage.objects.get(pk=article.pk)
    assert not page.live
    assert page.get_parent().specific_class is ArchiveFolderPage
    assert Revision.objects.filter(object_id=str(article.pk)).count() == revisions
    assert client.get(url).status_code == 404
    assert PageLogEntry.objects.filter(page_id=article.pk, action="kabar.bin", user=editor).exists()


def test_readers_find_a_binned_article_nowhere(client):
    article = factories.article("Berita yang dibuang", body=factories.paragraphs("Kata kunci istimewa."))
    services.move_to_bin(article, user=factories.staff("redaktur", EDITORS))
    assert client.get(article.dated_path()).status_code == 404
    assert article.pk not in [a.pk for a in article_queries.latest_articles(limit=50)]
    assert not article_queries.search_page("istimewa").articles
    assert "Berita yang dibuang" not in client.get("/").content.decode()
    assert "Berita yang dibuang" not in client.get(article.section.url + "feed/").content.decode()


def test_binned_articles_are_left_out_of_the_admin_listing_and_the_page_chooser(client):
    kept = factories.article("Artikel tetap")
    binned = factories.article("Artikel dibuang")
    services.move_to_bin(binned)
    login(client, "redaktur", EDITORS)
    listing = client.get(reverse("wagtailadmin_explore", args=[kept.get_parent().pk])).content.decode()
    assert "Artikel tetap" in listing
    assert "Artikel dibuang" not in listing
    chooser = client.get(reverse("wagtailadmin_choose_page_child", args=[kept.get_parent().pk])).content.decode()
    assert "Artikel tetap" in chooser
    assert "Artikel dibuang" not in chooser


def test_binned_articles_are_left_out_of_the_admin_page_search(client):
    factories.article("Banjir rob di Jakarta Utara")
    binned = factories.article("Banjir rob di Semarang")
    services.move_to_bin(binned)
    login(client, "redaktur", EDITORS)
    for name in ("wagtailadmin_pages:search", "wagtailadmin_pages:search_results"):
        response = client.get(reverse(name), {"q": "banjir"})
        assert response.status_code == 200
        found = response.content.decode()
        assert "Banjir rob di Jakarta Utara" in found
        assert "Banjir rob di Semarang" not in found


def test_the_bin_lists_what_is_in_it_and_when_it_goes_for_good(client):
    article = factories.article("Menunggu dihapus")
    services.move_to_bin(article)
    login(client, "redaktur", EDITORS)
    page = client.get(reverse("newsroom_bin")).content.decode()
    assert "Menunggu dihapus" in page
    purge_day = timezone.localtime(BinnedArticle.objects.get().binned_at + dt.timedelta(days=settings.KABAR_BIN_DAYS))
    assert f"{purge_day:%d/%m/%Y}" in page
    assert reverse("newsroom_restore_from_bin", args=[article.pk]) in page
    # Deleting for good is the Admin's alone.
    assert reverse("newsroom_delete_from_bin", args=[article.pk]) not in page


def test_restoring_puts_the_article_back_in_its_folder_as_a_draft_with_the_same_url(client):
    article = factories.article("Dipulihkan")
    url, folder = article.dated_path(), article.get_parent().pk
    services.move_to_bin(article)
    editor = login(client, "redaktur", EDITORS)

    response = client.post(reverse("newsroom_restore_from_bin", args=[article.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert not BinnedArticle.objects.exists()
    page = ArticlePage.objects.get(pk=article.pk)
    assert not page.live
    assert page.get_parent().pk == folder
    assert client.get(response["Location"]).status_code == 200
    assert PageLogEntry.objects.filter(page_id=article.pk, action="kabar.bin_restore", user=editor).exists()
    article_services.publish_article(page, user=editor)
    assert ArticlePage.objects.get(pk=article.pk).dated_path() == url
    assert client.get(url).status_code == 200


def test_a_binned_article_cannot_be_edited_copied_or_moved_until_restored(client):
    article = factories.article("Terkunci di tempat sampah")
    services.move_to_bin(article)
    login(client, "admin", ADMINS)
    elsewhere = article_services.month_folder(article.section, timezone.now() - dt.timedelta(days=400))
    for url in (
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_pages:copy", args=[article.pk]),
        reverse("wagtailadmin_pages:move_confirm", args=[article.pk, elsewhere.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("newsroom_bin")


def test_a_writer_cannot_bin_an_article_not_even_their_own_draft(client):
    writer = login(client, "penulis", WRITERS)
    draft = factories.article("Draf penulis", published=False, owner=writer)
    assert draft.permissions_for_user(writer).can_delete()  # Wagtail alone would let them delete it

    response = client.get(reverse("wagtailadmin_pages:delete", args=[draft.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    client.post(reverse("newsroom_move_to_bin", args=[draft.pk]))
    client.post(bulk_delete_url([draft]))

    assert ArticlePage.objects.filter(pk=draft.pk).exists()
    assert not BinnedArticle.objects.exists()
    assert client.get(reverse("newsroom_bin")).status_code == 302


def test_bulk_delete_in_the_page_listing_moves_the_articles_to_the_bin(client):
    first, second = factories.article("Massal satu"), factories.article("Massal dua")
    login(client, "admin", ADMINS)
    response = client.post(bulk_delete_url([first, second]))
    assert response.status_code == 302
    assert set(BinnedArticle.objects.values_list("article_id", flat=True)) == {first.pk, second.pk}
    assert ArticlePage.objects.filter(pk__in=[first.pk, second.pk], live=False).count() == 2


def test_a_folder_that_holds_articles_is_never_deleted_with_them(client):
    article = factories.article("Di dalam folder")
    folder = article.get_parent()
    login(client, "admin", ADMINS)

    response = client.post(reverse("wagtailadmin_pages:delete", args=[folder.pk]))
    assert response.status_code == 302
    client.post(bulk_delete_url([folder]))
    client.post(bulk_delete_url([folder.get_parent()]))

    assert Page.objects.filter(pk=folder.pk).exists()
    assert ArticlePage.objects.filter(pk=article.pk, live=True).exists()


def test_an_empty_folder_is_still_deleted_as_wagtail_does(client):
    folder = article_services.month_folder(factories.section("Tekno"), timezone.now() - dt.timedelta(days=400))
    login(client, "admin", ADMINS)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[folder.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=folder.pk).exists()


def test_only_an_admin_may_empty_the_bin_early(client):
    article = factories.article("Dibuang lebih awal")
    services.move_to_bin(article)
    login(client, "redaktur", EDITORS)
    assert client.post(reverse("newsroom_empty_bin")).status_code == 302
    assert client.post(reverse("newsroom_delete_from_bin", args=[article.pk])).status_code == 302
    assert ArticlePage.objects.filter(pk=article.pk).exists()

    admin = login(client, "admin", ADMINS)
    assert client.get(reverse("newsroom_empty_bin")).status_code == 200
    assert client.post(reverse("newsroom_empty_bin")).status_code == 302

    assert not ArticlePage.objects.filter(pk=article.pk).exists()
    assert not BinnedArticle.objects.exists()
    assert not Revision.objects.filter(object_id=str(article.pk), base_content_type__model="page").exists()
    assert PageLogEntry.objects.filter(page_id=article.pk, action="wagtail.delete", user=admin).exists()


def test_an_admin_may_delete_one_binned_article_for_good(client):
    gone, kept = factories.article("Hapus permanen"), factories.article("Tetap di tempat sampah")
    services.move_to_bin(gone)
    services.move_to_bin(kept)
    login(client, "admin", ADMINS)
    assert client.post(reverse("newsroom_delete_from_bin", args=[gone.pk])).status_code == 302
    assert not ArticlePage.objects.filter(pk=gone.pk).exists()
    assert BinnedArticle.objects.filter(article_id=kept.pk).exists()


def test_an_article_outside_the_bin_is_never_deleted_for_good():
    article = factories.article("Bukan di tempat sampah")
    with pytest.raises(services.BinError):
        services.delete_from_bin(article)
    assert ArticlePage.objects.filter(pk=article.pk).exists()


def test_the_worker_deletes_what_has_been_in_the_bin_longer_than_kabar_bin_days(settings):
    settings.KABAR_BIN_DAYS = 30
    old, recent = factories.article("Lama"), factories.article("Baru")
    services.move_to_bin(old)
    services.move_to_bin(recent)
    BinnedArticle.objects.filter(article_id=old.pk).update(binned_at=timezone.now() - dt.timedelta(days=31))
    BinnedArticle.objects.filter(article_id=recent.pk).update(binned_at=timezone.now() - dt.timedelta(days=29))

    assert services.purge_expired_bin() == 1

    assert not ArticlePage.objects.filter(pk=old.pk).exists()
    assert ArticlePage.objects.filter(pk=recent.pk).exists()
    assert PeriodicJob("kabar.newsroom.services.purge_expired_bin", 3600) in hooks.periodic_jobs()


def test_binning_stops_a_scheduled_publication():
    article = factories.article("Terjadwal", published=False)
    page = ArticlePage.objects.get(pk=article.pk)
    # Due a minute ago: the worker would publish it on its next round.
    page.save_revision(approved_go_live_at=timezone.now() - dt.timedelta(minutes=1))

    services.move_to_bin(article)

    assert publish_due_articles() == 0
    assert not ArticlePage.objects.get(pk=article.pk).live
