"""The database down: stored pages keep being served, /healthz says unhealthy, and it all recovers.

The outage is made at Django's database layer: every query on the connection fails with the
OperationalError a dead server gives. tests/caching/test_database_outage.py takes a real server's
database file away instead.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection

from kabar.articles import services
from kabar.delivery.purge import article_key, purge_keys
from tests import factories

pytestmark = pytest.mark.django_db


@contextmanager
def database_down():
    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def article(settings):
    # The first failed render makes the others serve the copy for this long without trying again.
    settings.KABAR_PAGE_CACHE_ERROR_RETRY_SECONDS = 0
    return factories.article("Pemilu berjalan lancar")


def test_a_fresh_page_is_served_while_the_database_is_down(lenient_client, article):
    stored = lenient_client.get(article.dated_path())
    with database_down():
        response = lenient_client.get(article.dated_path())
    assert (response.status_code, response["X-Cache"]) == (200, "HIT")
    assert response.content == stored.content


def test_a_stale_page_is_served_instead_of_an_error_while_the_database_is_down(lenient_client, article):
    stored = lenient_client.get(article.dated_path())
    purge_keys([article_key(article.pk)])
    with database_down():
        response = lenient_client.get(article.dated_path())
    assert (response.status_code, response["X-Cache"]) == (200, "STALE")
    assert response.content == stored.content
    # Caches in front must come back for it as soon as they can.
    assert "s-maxage=0" in response["Cache-Control"]
    assert "stale-if-error=" in response["Cache-Control"]


def test_healthz_reports_unhealthy_while_the_database_is_down(lenient_client, article):
    with database_down():
        response = lenient_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"
    assert lenient_client.get("/healthz").status_code == 200


def test_a_page_never_stored_gets_the_error_page_with_retry_after_not_a_crash(lenient_client, article):
    with database_down():
        response = lenient_client.get("/nasional/")
    # The database is away, not broken: come back soon (503), not "this page is broken" (500).
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert b"<html" in response.content.lower()
    assert response["X-Cache"] == "PASS"  # rendered (the error page), not stored


def test_an_error_that_is_not_the_database_is_still_a_500_without_retry_after(rf):
    from kabar.core.views import server_error

    try:
        raise ValueError("a bug, not an outage")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert not response.has_header("Retry-After")


def test_a_write_while_the_database_is_down_answers_503_with_retry_after(lenient_client, article):
    with database_down():
        response = lenient_client.post("/akun/login/", {"login": "editor@example.com", "password": "salah-sekali"})
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert b"<html" in response.content.lower()


def test_an_old_link_keeps_redirecting_from_the_cache_while_the_database_is_down(lenient_client, article):
    canonical = article.dated_path()
    old_link = canonical.replace(f"/{article.slug}/", "/judul-lama/")
    first = lenient_client.get(old_link)
    assert (first.status_code, first["Location"], first["X-Cache"]) == (301, canonical, "MISS")
    with database_down():
        response = lenient_client.get(old_link)
        assert (response.status_code, response["Location"], response["X-Cache"]) == (301, canonical, "HIT")
        purge_keys([article_key(article.pk)])
        response = lenient_client.get(old_link)
    assert (response.status_code, response["Location"], response["X-Cache"]) == (301, canonical, "STALE")


def test_an_old_link_follows_the_article_when_its_address_changes_again(lenient_client, article):
    old_link = article.dated_path().replace(f"/{article.slug}/", "/judul-lama/")
    assert lenient_client.get(old_link)["Location"] == article.dated_path()
    article.slug = "judul-baru"
    article.save_revision().publish()
    article.refresh_from_db()
    response = lenient_client.get(old_link)
    assert (response.status_code, response["Location"]) == (301, article.dated_path())
    assert article.dated_path().endswith("/judul-baru/")


def test_when_the_database_returns_the_page_is_rendered_again_by_itself(lenient_client, article):
    lenient_client.get(article.dated_path())
    services.correct_article(article, "Jumlah TPS 820.000.")
    with database_down():
        assert lenient_client.get(article.dated_path())["X-Cache"] == "STALE"
    response = lenient_client.get(article.dated_path())
    assert (response.status_code, response["X-Cache"]) == (200, "MISS")
    assert "Jumlah TPS 820.000." in response.content.decode()
    assert lenient_client.get(article.dated_path())["X-Cache"] == "HIT"


def test_after_a_failed_render_the_others_get_the_copy_without_trying_the_database(lenient_client, article, settings):
    settings.KABAR_PAGE_CACHE_ERROR_RETRY_SECONDS = 30
    lenient_client.get(article.dated_path())
    purge_keys([article_key(article.pk)])
    attempts = []

    def count_and_refuse(execute, sql, params, many, context):
        attempts.append(sql)
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(count_and_refuse):
        assert lenient_client.get(article.dated_path())["X-Cache"] == "STALE"
        tried = len(attempts)
        for _ in range(5):
            assert lenient_client.get(article.dated_path())["X-Cache"] == "STALE"
    assert tried > 0
    assert len(attempts) == tried


def test_an_unpublished_article_is_not_served_from_a_stale_copy_when_the_database_is_down(lenient_client, article):
    lenient_client.get(article.dated_path())
    services.unpublish_article(article)
    with database_down():
        response = lenient_client.get(article.dated_path())
    assert response.status_code == 503
