""" "Riwayat baca": one row per article, the last read on top, the oldest dropped beyond the limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kabar.readers import services
from kabar.readers.models import ReadingHistory
from tests import factories
from tests.parsing import html
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db


def history_headlines(client) -> list[str]:
    document = html(client.get("/akun/riwayat/"))
    return [h.text.strip() for h in document.find_all("h2", cls="card__headline")]


def test_reading_an_article_again_moves_it_up_without_a_second_row(client):
    first, second = factories.article("Dibaca dulu"), factories.article("Dibaca kemudian")
    reader = readers.reader()
    readers.log_in(client, reader)
    for article in (first, second, first):
        response = client.post("/akun/riwayat/", {"article": article.pk})
        assert response.status_code == 200 and response.json() == {"recorded": True}
    assert ReadingHistory.objects.filter(reader=reader).count() == 2
    assert history_headlines(client) == ["Dibaca dulu", "Dibaca kemudian"]


def test_the_read_time_is_updated_on_each_read():
    article = factories.article()
    reader = readers.reader()
    earlier = factories.now() - dt.timedelta(days=2)
    services.record_reading(reader, article.pk, now=earlier)
    services.record_reading(reader, article.pk)
    entry = ReadingHistory.objects.get(reader=reader)
    assert entry.read_at > earlier + dt.timedelta(days=1)


def test_only_the_last_n_reads_are_kept(settings):
    settings.KABAR_READING_HISTORY_KEPT = 3
    reader, other = readers.reader(), readers.reader()
    articles = [factories.article(f"Bacaan {n}") for n in range(5)]
    now = factories.now()
    for n, article in enumerate(articles):
        services.record_reading(reader, article.pk, now=now + dt.timedelta(minutes=n))
        services.record_reading(other, article.pk, now=now + dt.timedelta(minutes=n))
    kept = ReadingHistory.objects.filter(reader=reader).order_by("-read_at").values_list("article_id", flat=True)
    assert list(kept) == [a.pk for a in reversed(articles[2:])]
    assert ReadingHistory.objects.filter(reader=other).count() == 3


def test_each_reader_sees_only_their_own_history(client):
    article = factories.article("Hanya Sari")
    sari, budi = readers.reader("Sari"), readers.reader("Budi")
    services.record_reading(sari, article.pk)
    readers.log_in(client, budi)
    assert history_headlines(client) == []


def test_recording_needs_a_login_and_a_readable_article(client):
    article = factories.article()
    draft = factories.article(published=False)
    assert client.post("/akun/riwayat/", {"article": article.pk}).status_code == 403
    readers.log_in(client, readers.reader())
    assert client.post("/akun/riwayat/", {"article": "abc"}).status_code == 400
    assert client.post("/akun/riwayat/", {}).status_code == 400
    assert client.post("/akun/riwayat/", {"article": draft.pk}).status_code == 404
    assert client.post("/akun/riwayat/", {"article": "99999999"}).status_code == 404
    assert not ReadingHistory.objects.exists()


def test_the_history_page_needs_a_login(client):
    response = client.get("/akun/riwayat/")
    assert response.status_code == 302 and response["Location"] == "/akun/login/?next=/akun/riwayat/"


def test_the_reader_can_clear_their_history(client):
    reader, other = readers.reader(), readers.reader()
    article = factories.article()
    services.record_reading(reader, article.pk)
    services.record_reading(other, article.pk)
    readers.log_in(client, reader)
    assert client.get("/akun/riwayat/hapus/").status_code == 405
    response = client.post("/akun/riwayat/hapus/")
    assert response.status_code == 302
    assert not ReadingHistory.objects.filter(reader=reader).exists()
    assert ReadingHistory.objects.filter(reader=other).exists()


def test_the_history_page_reads_the_database_a_fixed_number_of_times(client):
    reader = readers.reader()
    readers.log_in(client, reader)

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            article = factories.article(f"Riwayat {n}", lead_image=factories.image(size=(480, 270)))
            services.record_reading(reader, article.pk)

    def count() -> int:
        client.get("/akun/riwayat/")
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/akun/riwayat/").status_code == 200
        return len(queries)

    add(3, 0)
    few = count()
    add(12, 3)
    assert count() == few
