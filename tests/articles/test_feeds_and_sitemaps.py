import datetime as dt
from email.utils import parsedate_to_datetime

import pytest
from django.conf import settings as django_settings

from kabar.articles import services
from kabar.articles.models import ArticlePage
from kabar.articles.sitemaps import NEWS_SITEMAP_LIMIT
from tests import factories
from tests.parsing import xml

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def ago(hours: float) -> dt.datetime:
    return factories.now() - dt.timedelta(hours=hours)


def absolute(path: str) -> str:
    return django_settings.BASE_URL + path


def feed_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = xml(response)
    assert rss.tag == "rss"
    assert rss.attrib["version"] == "2.0"
    return rss.find("channel"), rss.find("channel").findall("item")


def sitemap_locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = xml(response)
    assert root.tag == f"{SM}urlset"
    return [loc.text for loc in root.iter(f"{SM}loc")]


def test_site_feed_is_rss_with_newest_items_first_and_absolute_dated_links(client):
    oldest = factories.article("Paling lama", published_at=ago(30))
    newest = factories.article("Paling baru", in_section=factories.section("Ekonomi"), published_at=ago(1))
    middle = factories.article("Di tengah", published_at=ago(5))
    channel, items = feed_items(client, "/feed/")
    assert channel.findtext("language") == "id"
    assert channel.findtext("title") == django_settings.SITE_NAME
    assert channel.findtext("link") == absolute("/")
    assert [item.findtext("title") for item in items] == ["Paling baru", "Di tengah", "Paling lama"]
    assert [item.findtext("link") for item in items] == [absolute(a.dated_path()) for a in (newest, middle, oldest)]
    dates = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert dates == sorted(dates, reverse=True)
    assert abs(dates[0] - newest.first_published_at) < dt.timedelta(seconds=1)


def test_feed_item_carries_summary_author_category_and_a_stable_guid(client):
    writer = factories.person("Rina Wijaya")
    page = factories.article("Berita", summary="Ringkasan berita.", writers=[writer])
    _channel, [item] = feed_items(client, "/feed/")
    assert item.findtext("description") == "Ringkasan berita."
    assert item.findtext("category") == page.section.title
    # RSS 2.0's <author> must be an e-mail address, so a name alone goes in Dublin Core's creator.
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Rina Wijaya"
    guid = item.find("guid")
    assert guid.attrib["isPermaLink"] == "false"
    assert guid.text.endswith(f"/{page.pk}")


def test_section_feed_lists_only_that_section(client):
    ekonomi = factories.section("Ekonomi")
    in_section = factories.article("Rupiah menguat", in_section=ekonomi)
    factories.article("Banjir di Bekasi", in_section=factories.section("Nasional"))
    channel, items = feed_items(client, "/ekonomi/feed/")
    assert channel.findtext("link") == absolute("/ekonomi/")
    assert [item.findtext("link") for item in items] == [absolute(in_section.dated_path())]


def test_feed_of_an_unknown_section_is_not_found(client):
    factories.article("Ada")
    assert client.get("/tidak-ada/feed/").status_code == 404


def test_drafts_and_unpublished_articles_never_appear_in_feeds(client):
    section = factories.section("Nasional")
    published = factories.article("Terbit", in_section=section)
    factories.article("Draf", in_section=section, published=False)
    withdrawn = factories.article("Ditarik", in_section=section)
    services.unpublish_article(ArticlePage.objects.get(pk=withdrawn.pk))
    for url in ("/feed/", "/nasional/feed/"):
        _channel, items = feed_items(client, url)
        assert [item.findtext("title") for item in items] == [published.title]


def test_sitemap_index_lists_sitemaps_of_fronts_and_articles(client):
    section = factories.section("Ekonomi")
    story = factories.topic("Pemilu 2024")
    page = factories.article("Rupiah menguat", in_section=section)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = xml(response)
    assert index.tag == f"{SM}sitemapindex"
    sitemap_urls = [loc.text for loc in index.iter(f"{SM}loc")]
    assert len(sitemap_urls) >= 2
    assert all(url.startswith(django_settings.BASE_URL + "/") for url in sitemap_urls)
    listed = []
    for url in sitemap_urls:
        listed += sitemap_locations(client, url.removeprefix(django_settings.BASE_URL))
    assert absolute("/") in listed
    assert absolute("/ekonomi/") in listed
    assert absolute(story.url_path.removeprefix(factories.home().url_path.rstrip("/"))) in listed
    assert absolute(page.dated_path()) in listed
    assert len(listed) == len(set(listed))


def test_sitemaps_never_list_drafts_unpublished_articles_or_monthly_folders(client):
    section = factories.section("Nasional")
    published = factories.article("Terbit", in_section=section)
    draft = factories.article("Draf", in_section=section, published=False)
    withdrawn = factories.article("Ditarik", in_section=section)
    services.unpublish_article(ArticlePage.objects.get(pk=withdrawn.pk))
    listed = []
    for url in [loc.text for loc in xml(client.get("/sitemap.xml")).iter(f"{SM}loc")]:
        listed += sitemap_locations(client, url.removeprefix(django_settings.BASE_URL))
    listed += sitemap_locations(client, "/sitemap-news.xml")
    assert absolute(published.dated_path()) in listed
    # The id with its slug: an id alone could match the day or month in another article's URL.
    hidden = [f"/{draft.pk}/{draft.slug}/", f"/{withdrawn.pk}/{withdrawn.slug}/"]
    assert not [url for url in listed if any(part in url for part in hidden)]
    assert not [url for url in listed if published.get_parent().slug in url]


def test_news_sitemap_lists_only_the_last_48_hours_with_publication_details(client, settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    fresh = factories.article("Baru saja", published_at=ago(2))
    yesterday = factories.article("Kemarin", published_at=ago(30))
    factories.article("Tiga hari lalu", published_at=ago(72))
    factories.article("Draf baru", published=False)
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    urlset = xml(response)
    assert urlset.tag == f"{SM}urlset"
    urls = urlset.findall(f"{SM}url")
    assert [u.findtext(f"{SM}loc") for u in urls] == [absolute(fresh.dated_path()), absolute(yesterday.dated_path())]
    for url, page in zip(urls, (fresh, yesterday), strict=True):
        news = url.find(f"{NEWS}news")
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == django_settings.SITE_NAME
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == "id"
        assert news.findtext(f"{NEWS}title") == page.title
        published = news.findtext(f"{NEWS}publication_date")
        assert published.endswith("+07:00")
        assert dt.datetime.fromisoformat(published) == page.first_published_at.replace(microsecond=0)


def test_news_sitemap_escapes_titles(client):
    page = factories.article('Tom & Jerry <kembali> "lagi"', slug="tom-dan-jerry")
    [url] = xml(client.get("/sitemap-news.xml")).findall(f"{SM}url")
    assert url.findtext(f"{NEWS}news/{NEWS}title") == page.title


def test_news_sitemap_is_capped(client, settings, monkeypatch):
    from kabar.articles import sitemaps

    monkeypatch.setattr(sitemaps, "NEWS_SITEMAP_LIMIT", 2)
    pages = [factories.article(f"Berita {n}", published_at=ago(n)) for n in range(1, 4)]
    urls = xml(client.get("/sitemap-news.xml")).findall(f"{SM}url")
    assert [u.findtext(f"{SM}loc") for u in urls] == [absolute(p.dated_path()) for p in pages[:2]]
    assert NEWS_SITEMAP_LIMIT == 1000
