"""No stampede: when a hot page expires or is purged under load, one request renders it."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test import Client

from kabar.articles import services
from kabar.delivery.pagecache.stores import get_store
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 20


def burst(url: str, readers: int = READERS) -> list[tuple[str, str]]:
    """`readers` requests for `url` at the same moment, each from its own thread: (X-Cache, body)."""
    start = threading.Barrier(readers)
    answers: list[tuple[str, str]] = []
    lock = threading.Lock()

    def read() -> None:
        try:
            client = Client()
            start.wait()
            response = client.get(url)
            assert response.status_code == 200
            with lock:
                answers.append((response["X-Cache"], response.content.decode()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == readers
    return answers


@pytest.fixture
def hot_article():
    article = factories.article("Gempa 6,2 guncang Sumbar")
    Client().get(article.dated_path())
    return article


def test_a_purged_hot_page_is_rendered_once_while_the_others_get_the_previous_copy(hot_article):
    url = hot_article.dated_path()
    previous = Client().get(url).content.decode()
    services.correct_article(hot_article, "Kekuatan gempa 6,2, bukan 6,8.")
    answers = burst(url)
    assert [verdict for verdict, _body in answers].count("MISS") == 1
    for verdict, body in answers:
        if verdict == "STALE":
            assert body == previous
        else:
            assert "Kekuatan gempa 6,2, bukan 6,8." in body


def test_an_expired_hot_page_is_rendered_once(hot_article, settings):
    url = hot_article.dated_path()
    settings.KABAR_PAGE_CACHE_SECONDS = 0
    get_store().clear()
    assert Client().get(url)["X-Cache"] == "MISS"  # stored already expired
    settings.KABAR_PAGE_CACHE_SECONDS = 60
    verdicts = [verdict for verdict, _body in burst(url)]
    assert verdicts.count("MISS") == 1
    assert set(verdicts) <= {"MISS", "STALE"}


def test_a_page_nobody_has_cached_yet_is_rendered_once_for_a_crowd(hot_article):
    get_store().clear()
    verdicts = [verdict for verdict, _body in burst(hot_article.dated_path())]
    assert verdicts.count("MISS") == 1
    assert set(verdicts) <= {"MISS", "HIT"}
