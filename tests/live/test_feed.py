"""RSS of a report's own updates; the report itself in the site's RSS and Google News sitemap."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree as ET
from django.conf import settings as django_settings

from kabar.articles.structured_data import absolute
from kabar.live import services
from tests import factories
from tests.live import page_support as live

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(autouse=True)
def _rendered_every_time(settings):
    settings.KABAR_PAGE_CACHE_ENABLED = False


def channel(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel")


def test_the_reports_feed_lists_its_published_updates_newest_first(client):
    writer = factories.person("Budi Santoso")
    report = live.report()
    first = live.post(report, "Air naik 50 cm.", writer=writer)
    services.post_update(report, body=factories.paragraphs("Draf."), writer=None, user=None, publish=False)
    second = live.post(report, "Pengungsi 300 jiwa.", headline="Pengungsi bertambah")
    feed = channel(client, f"/live/{report.pk}/feed/")
    assert feed.findtext("title") == f"{report.title} - {django_settings.SITE_NAME}"
    assert feed.findtext("link") == absolute(report.dated_path())
    items = feed.findall("item")
    assert [item.findtext("title") for item in items] == ["Pengungsi bertambah", "Air naik 50 cm."]
    assert items[0].findtext("link") == absolute(f"/live/{report.pk}/pembaruan/{second.pk}/")
    assert items[1].findtext("description") == "Air naik 50 cm."
    assert items[1].findtext("{http://purl.org/dc/elements/1.1/}creator") == "Budi Santoso"
    assert first.pk != second.pk


def test_the_report_page_names_its_feed(client):
    report = live.report()
    html = client.get(report.dated_path()).content.decode()
    assert f'type="application/rss+xml" title="{report.title}" href="/live/{report.pk}/feed/"' in html


def test_the_report_is_in_the_site_feed_and_its_sections_once(client):
    report = live.report("Banjir Jakarta")
    live.many_updates(report, 5)
    for url in ("/feed/", "/nasional/feed/"):
        links = [item.findtext("link") for item in channel(client, url).findall("item")]
        assert links.count(absolute(report.dated_path())) == 1, url


def test_the_report_is_in_the_google_news_sitemap(client):
    report = live.report("Gempa Cianjur")
    urls = ET.fromstring(client.get("/sitemap-news.xml").content).findall(f"{SM}url")
    listed = {url.findtext(f"{SM}loc"): url.findtext(f"{NEWS}news/{NEWS}title") for url in urls}
    assert listed[absolute(report.dated_path())] == "Gempa Cianjur"


def test_a_private_reports_feed_is_not_public(client):
    from wagtail.models import PageViewRestriction

    report = live.report()
    PageViewRestriction.objects.create(page=report, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(f"/live/{report.pk}/feed/").status_code == 404
