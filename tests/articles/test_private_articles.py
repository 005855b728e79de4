"""Articles an editor made private in Wagtail ("Privacy") stay private at every public address."""

import pytest
from django.conf import settings as django_settings
from wagtail.models import PageViewRestriction

from tests import factories
from tests.parsing import html, xml

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def private_article():
    factories.article("Berita terbuka", body=factories.paragraphs("Isi untuk semua."))
    page = factories.article("Berita tertutup", body=factories.paragraphs("Isi khusus pelanggan."))
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def test_private_article_asks_anonymous_readers_to_log_in_at_its_dated_url(client, private_article):
    response = client.get(private_article.dated_path())
    assert response.status_code == 302
    assert "Isi khusus pelanggan." not in response.content.decode()


def test_private_article_is_shown_to_a_logged_in_reader(client, private_article):
    client.force_login(factories.staff("pembaca", None))
    response = client.get(private_article.dated_path())
    assert response.status_code == 200
    assert "Isi khusus pelanggan." in html(response).find("div", cls="article__body").text


def test_password_protected_article_shows_the_password_form_not_the_body(client):
    page = factories.article("Berita berkata sandi", body=factories.paragraphs("Isi di balik kata sandi."))
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="sandi")
    response = client.get(page.dated_path())
    assert response.status_code == 200
    assert "Isi di balik kata sandi." not in response.content.decode()
    assert html(response).find("input", type="password") is not None


@pytest.mark.parametrize("url", ["/", "/nasional/", "/feed/", "/nasional/feed/", "/search/?q=berita"])
def test_private_article_is_not_listed_publicly(client, private_article, url):
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Berita terbuka" in text
    assert "Berita tertutup" not in text


def test_private_article_is_left_out_of_the_sitemaps(client, private_article):
    listed = []
    for url in [loc.text for loc in xml(client.get("/sitemap.xml")).iter(f"{SM}loc")]:
        listed += [loc.text for loc in xml(client.get(url.removeprefix(django_settings.BASE_URL))).iter(f"{SM}loc")]
    listed += [loc.text for loc in xml(client.get("/sitemap-news.xml")).iter(f"{SM}loc")]
    assert not [url for url in listed if f"/{private_article.pk}/{private_article.slug}/" in url]
    assert [url for url in listed if "/read/" in url]


def test_private_article_is_never_an_automatic_read_also(client):
    section = factories.section("Nasional")
    hidden = factories.article("Tertutup terkait", in_section=section)
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    visible = factories.article("Terbuka terkait", in_section=section)
    page = factories.article("Utama", in_section=section, body=factories.paragraphs(*"abcdef"))
    links = html(client.get(page.dated_path())).find("div", cls="article__body").links()
    assert links == [visible.dated_path()]


def test_private_article_chosen_as_lead_is_not_shown_on_the_home_page(client):
    chosen = factories.article("Utama tertutup")
    pick = factories.article("Pilihan terbuka", is_editors_pick=True)
    home = factories.home()
    home.lead_article = chosen
    home.save_revision().publish()
    PageViewRestriction.objects.create(page=chosen, restriction_type=PageViewRestriction.LOGIN)
    document = html(client.get("/"))
    assert [h.text for h in document.find("section", cls="front__lead").find_all("h3")] == [pick.title]
    assert "Utama tertutup" not in document.find("main").text


def test_an_editors_read_also_link_to_a_private_article_is_left_out(client, private_article):
    linking = factories.article(
        "Berita yang menautkan",
        body=[*factories.paragraphs("Paragraf satu."), factories.read_also(private_article)],
    )
    body = html(client.get(linking.dated_path())).find("div", cls="article__body")
    assert "Berita tertutup" not in body.text
    assert f"/{private_article.pk}/{private_article.slug}/" not in str(body)
