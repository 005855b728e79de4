import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings

from kabar.articles import services
from kabar.articles.models import ArticlePage
from tests import factories
from tests.parsing import html, json_ld, meta

pytestmark = pytest.mark.django_db


def article_document(client, page):
    response = client.get(page.dated_path())
    assert response.status_code == 200
    return html(response)


def the_news_article(document):
    [data] = [item for item in json_ld(document) if item.get("@type") == "NewsArticle"]
    return data


def test_fresh_article_shows_its_publication_time_and_no_updated_time(client, settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    page = factories.article("Baru terbit", published_at=dt.datetime(2023, 9, 22, 9, 0, tzinfo=dt.UTC))
    document = article_document(client, page)
    time_line = document.find("p", cls="article__time")
    published = time_line.find("time")
    assert published.attrs["datetime"] == "2023-09-22T16:00:00+07:00"
    assert published.text == "22/09/2023, 16:00 WIB"
    assert document.find(cls="article__updated") is None


def test_correction_shows_the_updated_time_and_the_note(client):
    page = factories.article("Akan diralat", published_at=django_now_minus(hours=3))
    services.correct_article(page, "Nama menteri sebelumnya salah ditulis.")
    page = ArticlePage.objects.get(pk=page.pk)
    document = article_document(client, page)
    updated = document.find(cls="article__updated")
    assert updated is not None
    updated_time = updated.find("time")
    assert dt.datetime.fromisoformat(updated_time.attrs["datetime"]) == page.last_published_at.replace(microsecond=0)
    assert updated_time.attrs["datetime"].endswith("+07:00")
    corrections = document.find("aside", cls="article__corrections")
    assert "Nama menteri sebelumnya salah ditulis." in corrections.text


def test_article_shows_dateline_writers_editor_and_sources(client):
    writer = factories.person("Rina Wijaya")
    editor = factories.person("Budi Santoso", role="editor")
    page = factories.article(
        "Kim Jong Un tiba di Rusia",
        dateline_place="Seoul",
        writers=[writer],
        editor=editor,
        sources=[factories.source("Reuters")],
    )
    document = article_document(client, page)
    first_paragraph = document.find("div", cls="article__body").find("p")
    assert first_paragraph.find("strong", cls="dateline").text == "SEOUL, KABAR -"
    credits = document.find("dl", cls="article__credits")
    assert writer.get_absolute_url() in credits.links()
    assert editor.get_absolute_url() in credits.links()
    assert "Reuters" in credits.text


def test_news_article_json_ld_describes_the_article(client, settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    writer = factories.person("Rina Wijaya")
    page = factories.article(
        "Kim Jong Un tiba di Rusia",
        summary="Pemimpin Korea Utara tiba dengan kereta.",
        dateline_place="Seoul",
        writers=[writer],
        published_at=dt.datetime(2023, 9, 22, 9, 0, tzinfo=dt.UTC),
    )
    data = the_news_article(article_document(client, page))
    canonical = django_settings.BASE_URL + page.dated_path()
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Kim Jong Un tiba di Rusia"
    assert data["description"] == "Pemimpin Korea Utara tiba dengan kereta."
    assert data["datePublished"] == "2023-09-22T16:00:00+07:00"
    assert data["dateModified"] == "2023-09-22T16:00:00+07:00"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
    assert data["url"] == canonical
    assert data["dateline"] == "Seoul"
    assert data["isAccessibleForFree"] is True
    assert data["inLanguage"] == "id"
    assert data["articleSection"] == page.section.title
    assert data["author"] == [
        {"@type": "Person", "name": "Rina Wijaya", "url": django_settings.BASE_URL + writer.get_absolute_url()}
    ]
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == django_settings.SITE_NAME
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"].startswith("http")
    assert "image" not in data


def test_news_article_json_ld_offers_several_image_sizes_of_the_lead_image(client):
    page = factories.article("Dengan foto", lead_image=factories.image(size=(1600, 1200)))
    data = the_news_article(article_document(client, page))
    images = data["image"]
    assert len(images) == 3
    assert len(set(images)) == 3
    assert all(url.startswith(django_settings.BASE_URL + "/") for url in images)
    assert page.lead_image.renditions.count() >= 3


def test_json_ld_date_modified_follows_a_correction(client):
    page = factories.article("Dikoreksi", published_at=django_now_minus(hours=5))
    services.correct_article(page, "Angka diperbaiki.")
    data = the_news_article(article_document(client, page))
    assert dt.datetime.fromisoformat(data["dateModified"]) > dt.datetime.fromisoformat(data["datePublished"])


def test_article_without_writers_is_credited_to_the_publication(client):
    page = factories.article("Tanpa penulis")
    data = the_news_article(article_document(client, page))
    assert data["author"][0]["@type"] == "Organization"
    assert data["author"][0]["name"] == django_settings.SITE_NAME


def test_paid_article_is_marked_not_free(client):
    page = factories.article("Berbayar", is_free=False)
    assert the_news_article(article_document(client, page))["isAccessibleForFree"] is False


def test_headline_with_a_closing_script_tag_cannot_break_out_of_the_json_ld(client):
    title = 'Awas </script><script>alert("x")</script> & <!-- komentar'
    page = factories.article(title, slug="awas-script")
    response = client.get(page.dated_path())
    document = html(response)
    # The NewsArticle and the BreadcrumbList: data blocks only, never an inline script that runs.
    assert {s.attrs.get("type") for s in document.find_all("script") if not s.attrs.get("src")} == {
        "application/ld+json"
    }
    assert the_news_article(document)["headline"] == title
    assert "</script><script>" not in response.content.decode()


def test_canonical_open_graph_and_twitter_tags(client):
    page = factories.article("Dibagikan", summary="Ringkasan untuk dibagikan.", lead_image=factories.image())
    document = article_document(client, page)
    canonical = django_settings.BASE_URL + page.dated_path()
    [link] = [el for el in document.find_all("link") if el.attrs.get("rel") == "canonical"]
    assert link.attrs["href"] == canonical
    assert meta(document, "og:type") == "article"
    assert meta(document, "og:title") == "Dibagikan"
    assert meta(document, "og:description") == "Ringkasan untuk dibagikan."
    assert meta(document, "og:url") == canonical
    assert meta(document, "og:site_name") == django_settings.SITE_NAME
    assert meta(document, "og:image").startswith(django_settings.BASE_URL + "/")
    assert meta(document, "og:image:width") == "1200"
    assert meta(document, "og:image:height") == "630"
    assert meta(document, "twitter:card") == "summary_large_image"
    assert meta(document, "twitter:title") == "Dibagikan"
    assert meta(document, "twitter:image") == meta(document, "og:image")
    assert meta(document, "article:published_time").endswith("+07:00")


def test_share_links_carry_the_canonical_url(client):
    page = factories.article("Untuk WhatsApp")
    document = article_document(client, page)
    whatsapp = urlsplit(document.find("a", cls="share__link--whatsapp").attrs["href"])
    assert (whatsapp.scheme, whatsapp.netloc) == ("https", "wa.me")
    assert parse_qs(whatsapp.query)["text"] == [f"Untuk WhatsApp {django_settings.BASE_URL}{page.dated_path()}"]
    facebook = urlsplit(document.find("a", cls="share__link--facebook").attrs["href"])
    assert parse_qs(facebook.query)["u"] == [django_settings.BASE_URL + page.dated_path()]


def test_article_page_embeds_the_view_counter(client):
    page = factories.article("Dihitung")
    document = article_document(client, page)
    assert document.find("img", cls="hit").attrs["src"] == f"/hit/{page.pk}/"


def django_now_minus(**delta: float) -> dt.datetime:
    return factories.now() - dt.timedelta(**delta)
