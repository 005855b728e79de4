"""The article page's furniture: the publication and time line, the rail, the end of the article,
the advertorial label and what search engines read (NewsArticle or AdvertiserContentArticle, BreadcrumbList)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Site

from kabar.articles import services
from kabar.articles.models import ArticlePage
from kabar.core.models import PublicationSettings
from tests import factories
from tests.i18n import site_text
from tests.parsing import html, json_ld
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db

CHANNEL = "https://whatsapp.com/channel/0029VaKabarUji"
LOGO_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 48"><rect width="240" height="48"/></svg>'


def publication() -> PublicationSettings:
    return PublicationSettings.for_site(Site.objects.get(is_default_site=True))


def document_of(client, page):
    response = client.get(page.dated_path())
    assert response.status_code == 200
    return html(response)


def structured(document, kind):
    return [item for item in json_ld(document) if item.get("@type") == kind]


def test_time_line_names_the_publication_then_a_dash_then_the_time(client, settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    page = factories.article("Terbit sore", published_at=dt.datetime(2023, 9, 22, 9, 0, tzinfo=dt.UTC))
    time_line = document_of(client, page).find("p", cls="article__time")
    assert " ".join(time_line.text.split()) == f"{django_settings.SITE_NAME} - 22/09/2023, 16:00 WIB"
    assert time_line.find(cls="article__publication").text == django_settings.SITE_NAME


def test_the_rail_holds_most_read_and_the_latest_beside_the_article(client):
    others = [factories.article(f"Berita lain {n}") for n in range(3)]
    page = factories.article("Berita utama")
    services.record_page_view(others[0].pk)
    services.flush_page_views()
    document = document_of(client, page)
    layout = document.find("div", cls="article-layout")
    main, rail = (child for child in layout.children if hasattr(child, "tag"))
    assert main.find("article", cls="article") is not None
    assert rail.tag == "aside" and "article-rail" in rail.classes
    most_read = rail.find("section", cls="most-read")
    assert [a.text for a in most_read.find_all("a")] == ["Berita lain 0"]
    latest_paths = [a.attrs["href"] for a in rail.find("section", cls="more-latest").find_all("a")]
    assert others[2].dated_path() in latest_paths
    assert page.dated_path() not in latest_paths


def test_share_is_a_row_of_named_icons_with_whatsapp_first(client):
    document = document_of(client, factories.article())
    links = document.find("ul", cls="share__links").find_all("a")
    assert "share__link--whatsapp" in links[0].classes
    for link in links:
        assert link.find("svg").attrs["aria-hidden"] == "true"
        assert link.find(cls="visually-hidden").text.strip(), link.attrs["class"]
    assert links[-1].find(cls="visually-hidden").text == site_text("Copy link")


def test_tags_and_topic_are_lines_of_links(client):
    page = factories.article(tags=["Korea Utara", "Rusia"], topic=factories.topic())
    filing = document_of(client, page).find("div", cls="article__filing")
    assert filing.find("p", cls="article__topic").find("a").text == page.topic.title
    assert [a.text for a in filing.find("ul", cls="tags").find_all("a")] == ["Korea Utara", "Rusia"]


def test_the_whatsapp_channel_invitation_shows_only_when_a_channel_is_set(client):
    page = factories.article()
    assert document_of(client, page).find("p", cls="article__channel") is None

    settings_row = publication()
    settings_row.whatsapp_channel_url = CHANNEL
    settings_row.save()
    other = factories.article()
    invitation = document_of(client, other).find("p", cls="article__channel")
    expected = site_text(
        "Get breaking news and our editors' picks straight on your phone. Choose your channel for "
        "%(site)s news on the WhatsApp Channel:",
        site=django_settings.SITE_NAME,
    )
    assert " ".join(invitation.text.split()).startswith(" ".join(expected.split()))
    assert invitation.find("a").attrs["href"] == CHANNEL


def test_the_log_in_invitation_is_the_same_hidden_markup_for_every_reader(client):
    """Pages are cached and shared: the invitation ships hidden to all, and readers.js shows it to the
    anonymous only, so without JavaScript a logged-in reader never sees it."""
    page = factories.article()
    anonymous = document_of(client, page).find("p", cls="reader-invite")
    assert anonymous is not None and "hidden" in anonymous.attrs
    assert anonymous.find("a").attrs["href"].startswith("/akun/login/?next=")
    assert anonymous.find("a").text == site_text("Log in to make the most of your experience")

    readers.log_in(client, readers.reader())
    signed_in = document_of(client, page).find("p", cls="reader-invite")
    assert signed_in is not None and "hidden" in signed_in.attrs


def test_save_and_follow_are_one_row_with_the_follows_behind_one_control(client):
    writer = factories.person("Rina Wijaya")
    page = factories.article(writers=[writer], topic=factories.topic())
    actions = document_of(client, page).find("div", data_reader_article=str(page.pk))
    assert [child.tag for child in actions.children if hasattr(child, "tag")] == ["a", "details"]
    follow = actions.find("details", cls="reader-follow")
    assert follow.find("summary").text == site_text("Follow")
    kinds = [link.attrs["data-reader-follow"].split(":")[0] for link in follow.find_all("a", cls="reader-action")]
    assert kinds == ["section", "topic", "writer"]


def test_a_sponsored_article_says_so_on_the_page_and_to_search_engines(client):
    page = factories.article("Promo tabungan emas", sponsored=True)
    document = document_of(client, page)
    assert document.find(cls="article__sponsored").text == site_text("Sponsored content")
    assert structured(document, "NewsArticle") == []
    [data] = structured(document, "AdvertiserContentArticle")
    assert data["headline"] == "Promo tabungan emas"


def test_an_ordinary_article_is_news_with_no_sponsored_label(client):
    document = document_of(client, factories.article())
    assert document.find(cls="article__sponsored") is None
    assert len(structured(document, "NewsArticle")) == 1
    assert structured(document, "AdvertiserContentArticle") == []


def test_breadcrumb_runs_home_section_article(client):
    page = factories.article("Kereta cepat diuji", in_section=factories.section("Ekonomi"))
    [trail] = structured(document_of(client, page), "BreadcrumbList")
    items = trail["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3]
    assert [item["name"] for item in items] == [django_settings.SITE_NAME, "Ekonomi", "Kereta cepat diuji"]
    base = django_settings.BASE_URL
    assert [item["item"] for item in items] == [f"{base}/", f"{base}/ekonomi/", page.full_url]


def test_publisher_logo_is_the_publications_own_once_set(client, django_capture_on_commit_callbacks):
    page = factories.article()
    [news] = structured(document_of(client, page), "NewsArticle")
    assert news["publisher"]["logo"]["url"] == f"{django_settings.BASE_URL}/static/kabar/logo.png"

    settings_row = publication()
    settings_row.logo = SimpleUploadedFile("logo-kabar.svg", LOGO_SVG, content_type="image/svg+xml")
    with django_capture_on_commit_callbacks(execute=True):
        settings_row.save()
    other = ArticlePage.objects.get(pk=factories.article().pk)
    [news] = structured(document_of(client, other), "NewsArticle")
    logo = news["publisher"]["logo"]
    assert logo["url"].startswith(f"{django_settings.BASE_URL}/") and logo["url"].endswith(".svg")
    assert logo["@type"] == "ImageObject"
    [trail] = structured(document_of(client, other), "BreadcrumbList")
    assert trail["itemListElement"][0]["name"] == news["publisher"]["name"]
