import pytest
from django.urls import reverse

from kabar.articles.models import ArchiveFolderPage, ArticlePage
from tests import factories

pytestmark = pytest.mark.django_db


def test_write_an_article_files_it_in_this_months_folder_of_the_chosen_section(client):
    section = factories.section("Ekonomi")
    client.force_login(factories.staff("penulis", "Penulis"))
    response = client.post(reverse("newsroom_new_article"), {"section": section.pk})
    folder = ArchiveFolderPage.objects.child_of(section).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:add", args=["articles", "articlepage", folder.pk])
    assert client.get(response["Location"]).status_code == 200


def test_editor_publishes_a_correction_that_readers_see(client):
    article = factories.article("Harga beras naik", body=factories.paragraphs("Harga naik 5 persen."))
    client.force_login(factories.staff("redaktur", "Redaktur"))
    url = reverse("newsroom_add_correction", args=[article.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "Sebelumnya tertulis 50 persen."})
    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.corrections.get().note == "Sebelumnya tertulis 50 persen."
    assert article.last_published_at > article.first_published_at
    page = client.get(article.url).content.decode()
    assert "Sebelumnya tertulis 50 persen." in page


def test_writer_cannot_publish_a_correction(client):
    article = factories.article("Banjir di Bekasi")
    client.force_login(factories.staff("penulis", "Penulis"))
    response = client.post(reverse("newsroom_add_correction", args=[article.pk]), {"note": "Ralat."})
    # Wagtail's admin answers a permission refusal by sending the user back to the dashboard.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not ArticlePage.objects.get(pk=article.pk).corrections.exists()


def test_correcting_an_article_does_not_publish_its_unpublished_draft(client):
    article = factories.article("Judul yang terbit", body=factories.paragraphs("Teks yang terbit."))
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.title = "Judul draf belum terbit"
    draft.save_revision()
    client.force_login(factories.staff("redaktur", "Redaktur"))
    client.post(reverse("newsroom_add_correction", args=[article.pk]), {"note": "Nama narasumber diperbaiki."})
    live = ArticlePage.objects.get(pk=article.pk)
    assert live.title == "Judul yang terbit"
    assert live.corrections.count() == 1
