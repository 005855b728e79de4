import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Page

from kabar.articles import services
from kabar.articles.models import ArticlePage
from kabar.core.timefmt import site_zone
from tests import factories

pytestmark = pytest.mark.django_db


def dated_parts(page: ArticlePage) -> list[str]:
    return page.dated_path().strip("/").split("/")


def test_dated_url_has_section_date_id_and_slug():
    page = factories.article("Kim Jong Un tiba di Rusia", in_section=factories.section("Internasional"))
    local = timezone.localtime(page.first_published_at, site_zone())
    assert page.dated_path() == f"/internasional/read/{local:%Y/%m/%d}/{page.pk}/kim-jong-un-tiba-di-rusia/"
    assert page.url == page.dated_path()


def test_dated_url_serves_the_article(client):
    page = factories.article("Harga beras naik")
    response = client.get(page.dated_path())
    assert response.status_code == 200
    assert response.context["page"].pk == page.pk


def test_dated_url_uses_the_local_date_not_the_utc_date(settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    # 20:00 UTC on the 21st is 03:00 on the 22nd in Jakarta.
    page = factories.article(published_at=dt.datetime(2023, 9, 21, 20, 0, tzinfo=dt.UTC))
    assert "/read/2023/09/22/" in page.dated_path()


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda p: [p[0], p[1], p[2], p[3], p[4], p[5], "slug-lama"], id="wrong-slug"),
        pytest.param(lambda p: [p[0], p[1], "2001", "01", "01", p[5], p[6]], id="wrong-date"),
        pytest.param(lambda p: ["olahraga", p[1], p[2], p[3], p[4], p[5], p[6]], id="wrong-section"),
    ],
)
def test_wrong_slug_date_or_section_redirects_permanently_to_the_canonical_url(client, tamper):
    page = factories.article("Banjir di Bekasi")
    wrong = "/" + "/".join(tamper(dated_parts(page))) + "/"
    assert wrong != page.dated_path()
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == page.dated_path()


def test_redirect_keeps_the_query_string(client):
    page = factories.article("Banjir di Bekasi")
    parts = dated_parts(page)
    parts[6] = "slug-lama"
    response = client.get("/" + "/".join(parts) + "/?utm_source=wa")
    assert response.status_code == 301
    assert response["Location"] == page.dated_path() + "?utm_source=wa"


def test_old_url_redirects_to_the_new_one_after_the_slug_is_changed_and_republished(client):
    page = factories.article("Judul lama")
    old_url = page.dated_path()
    draft = ArticlePage.objects.get(pk=page.pk)
    draft.slug = "judul-baru"
    draft.save_revision()
    services.publish_article(draft)
    new_url = ArticlePage.objects.get(pk=page.pk).dated_path()
    assert new_url.endswith(f"/{page.pk}/judul-baru/")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == new_url
    assert client.get(new_url).status_code == 200


def test_wagtail_tree_url_redirects_to_the_dated_url(client):
    page = factories.article("Artikel di pohon")
    tree_url = page.url_path.removeprefix(factories.home().url_path.rstrip("/"))
    assert tree_url == f"/{page.section.slug}/{page.get_parent().slug}/{page.slug}/"
    response = client.get(tree_url)
    assert response.status_code == 301
    assert response["Location"] == page.dated_path()


def test_monthly_folder_url_redirects_to_its_section(client):
    page = factories.article("Artikel di folder")
    folder = page.get_parent()
    response = client.get(f"/{page.section.slug}/{folder.slug}/")
    assert response.status_code == 301
    assert response["Location"] == f"/{page.section.slug}/"


def test_draft_article_is_not_found(client):
    page = factories.article("Masih draf", published=False)
    local = timezone.localtime(timezone.now(), site_zone())
    url = f"/{page.section.slug}/read/{local:%Y/%m/%d}/{page.pk}/{page.slug}/"
    assert client.get(url).status_code == 404


def test_unpublished_article_is_not_found(client):
    page = factories.article("Ditarik")
    url = page.dated_path()
    assert client.get(url).status_code == 200
    services.unpublish_article(ArticlePage.objects.get(pk=page.pk))
    assert client.get(url).status_code == 404


def test_unknown_article_id_is_not_found(client):
    page = factories.article("Ada")
    parts = dated_parts(page)
    parts[5] = str(page.pk + 1000)
    assert client.get("/" + "/".join(parts) + "/").status_code == 404


def test_article_moved_to_another_section_takes_that_sections_url(client):
    page = factories.article("Pindah rubrik", in_section=factories.section("Nasional"))
    old_url = page.dated_path()
    ekonomi = factories.section("Ekonomi")
    Page.objects.get(pk=page.pk).move(services.month_folder(ekonomi), pos="last-child")
    moved = ArticlePage.objects.get(pk=page.pk)
    assert moved.section == ekonomi
    assert moved.dated_path().startswith("/ekonomi/read/")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == moved.dated_path()
    assert client.get(moved.dated_path()).status_code == 200


def test_moving_a_monthly_folder_refiles_every_article_in_it():
    nasional = factories.section("Nasional")
    pages = [factories.article(f"Di folder {n}", in_section=nasional) for n in range(2)]
    folder = pages[0].get_parent()
    ekonomi = factories.section("Ekonomi")
    Page.objects.get(pk=folder.pk).move(ekonomi, pos="last-child")
    assert {a.section_id for a in ArticlePage.objects.filter(pk__in=[p.pk for p in pages])} == {ekonomi.pk}


def test_article_id_beyond_the_database_integer_range_is_not_found(client):
    page = factories.article("Ada")
    parts = dated_parts(page)
    parts[5] = "9" * 25
    assert client.get("/" + "/".join(parts) + "/").status_code == 404
