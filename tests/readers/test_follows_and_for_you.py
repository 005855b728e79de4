""" "Ikuti" sections, topics and writers; "Untuk Anda" lists the latest of what the reader follows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from kabar.articles.models import LIST_PAGE_SIZE
from kabar.readers import services
from kabar.readers.models import Follow
from tests import factories
from tests.parsing import html
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def ago(minutes: int) -> dt.datetime:
    return factories.now() - dt.timedelta(minutes=minutes)


def for_you_headlines(client, query: str = "") -> list[str]:
    document = html(client.get(f"/akun/untuk-anda/{query}"))
    main = document.find("section", **{"aria-labelledby": "for-you-latest-heading"})
    return [h.text.strip() for h in main.find_all("h3", cls="card__headline")] if main else []


def test_untuk_anda_lists_the_latest_of_followed_sections_topics_and_writers(client):
    nasional, ekonomi, tekno = factories.section("Nasional"), factories.section("Ekonomi"), factories.section("Tekno")
    topic = factories.topic("Pemilu")
    writer = factories.person("Rina Wijaya")
    factories.article("Nasional baru", in_section=nasional, published_at=ago(10))
    factories.article("Ekonomi soal pemilu", in_section=ekonomi, topic=topic, published_at=ago(20))
    factories.article("Tekno oleh Rina", in_section=tekno, writers=[writer], published_at=ago(5))
    factories.article("Tekno lain", in_section=tekno, published_at=ago(1))
    factories.article("Ekonomi lain", in_section=ekonomi, published_at=ago(2))
    # In a followed section and by a followed writer: listed once.
    factories.article("Nasional oleh Rina", in_section=nasional, writers=[writer], published_at=ago(30))
    reader = readers.reader()
    services.follow(reader, "section", nasional.pk)
    services.follow(reader, "topic", topic.pk)
    services.follow(reader, "writer", writer.pk)
    readers.log_in(client, reader)
    assert for_you_headlines(client) == [
        "Tekno oleh Rina",
        "Nasional baru",
        "Ekonomi soal pemilu",
        "Nasional oleh Rina",
    ]


def test_untuk_anda_pages_through_many_articles(client):
    section = factories.section("Nasional")
    for n in range(LIST_PAGE_SIZE + 3):
        factories.article(f"Berita {n}", in_section=section, published_at=ago(n))
    reader = readers.reader()
    services.follow(reader, "section", section.pk)
    readers.log_in(client, reader)
    first = for_you_headlines(client)
    second = for_you_headlines(client, "?page=2")
    assert len(first) == LIST_PAGE_SIZE and len(second) == 3
    assert first[0] == "Berita 0" and second[-1] == f"Berita {LIST_PAGE_SIZE + 2}"


def test_without_follows_untuk_anda_explains_and_offers_sections(client):
    factories.section("Nasional")
    factories.section("Ekonomi")
    readers.log_in(client, readers.reader())
    document = html(client.get("/akun/untuk-anda/"))
    assert for_you_headlines(client) == []
    offers = document.find("section", **{"aria-labelledby": "suggestions-heading"})
    assert [a.text for a in offers.find_all("a")] == ["Nasional", "Ekonomi"]


def test_follow_and_unfollow_from_a_script(client):
    section = factories.section("Nasional")
    reader = readers.reader()
    readers.log_in(client, reader)
    url = f"/akun/ikuti/rubrik/{section.pk}/"
    assert client.post(url, {"action": "follow"}, headers=JSON).json() == {"following": True}
    assert client.post(url, {"action": "follow"}, headers=JSON).json() == {"following": True}
    assert Follow.objects.filter(reader=reader, section=section).count() == 1
    assert client.post(url, {"action": "unfollow"}, headers=JSON).json() == {"following": False}
    assert not Follow.objects.filter(reader=reader).exists()


def test_without_javascript_ikuti_confirms_then_goes_back_to_the_article(client):
    writer = factories.person("Rina Wijaya")
    article = factories.article("Berita Rina", writers=[writer])
    reader = readers.reader()
    readers.log_in(client, reader)
    links = html(client.get(article.dated_path())).find_all("a", cls="reader-action")
    follow_writer = next(a for a in links if a.attrs.get("data-reader-follow") == f"writer:{writer.pk}")
    assert follow_writer.attrs["href"] == f"/akun/ikuti/penulis/{writer.pk}/?next={article.dated_path()}"
    form = html(client.get(follow_writer.attrs["href"])).find("form", cls="account__form")
    fields = {i.attrs["name"]: i.attrs.get("value", "") for i in form.find_all("input")}
    assert fields["action"] == "follow"
    done = client.post(follow_writer.attrs["href"].split("?")[0], fields)
    assert done.status_code == 302 and done["Location"] == article.dated_path()
    assert Follow.objects.filter(reader=reader, writer=writer).exists()


def test_following_what_does_not_exist_is_a_404(client):
    draft_topic = factories.topic("Draf topik")
    draft_topic.unpublish()
    readers.log_in(client, readers.reader())
    for url in ("/akun/ikuti/rubrik/999999/", f"/akun/ikuti/topik/{draft_topic.pk}/", "/akun/ikuti/benda/1/"):
        assert client.post(url, {"action": "follow"}, headers=JSON).status_code == 404, url
    assert not Follow.objects.exists()
    with pytest.raises(services.FollowTargetNotFound):
        services.follow(readers.reader(), "section", 999999)


def test_a_follow_points_at_exactly_one_thing():
    reader = readers.reader()
    section, topic = factories.section("Nasional"), factories.topic("Banjir")
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(reader=reader, section=section, topic=topic)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(reader=reader)


def test_a_follow_goes_when_its_writer_is_deleted():
    writer = factories.person("Penulis lama")
    reader = readers.reader()
    services.follow(reader, "writer", writer.pk)
    writer.delete()
    assert not Follow.objects.exists()


def test_untuk_anda_reads_the_database_a_fixed_number_of_times(client):
    reader = readers.reader()
    readers.log_in(client, reader)
    sections = [factories.section("Nasional"), factories.section("Ekonomi")]

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            writer = factories.person(f"Penulis {n}")
            topic = factories.topic(f"Topik {n}")
            factories.article(
                f"Untuk Anda {n}",
                in_section=sections[n % 2],
                writers=[writer],
                topic=topic,
                lead_image=factories.image(size=(480, 270)),
                published_at=ago(n),
            )
            services.follow(reader, "writer", writer.pk)
            services.follow(reader, "topic", topic.pk)
        services.follow(reader, "section", sections[start % 2].pk)

    def count() -> int:
        client.get("/akun/untuk-anda/")
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/akun/untuk-anda/").status_code == 200
        return len(queries)

    add(3, 0)
    few = count()
    add(12, 3)
    assert count() == few
    assert len(for_you_headlines(client)) == 15
