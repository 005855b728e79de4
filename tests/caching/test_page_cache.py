"""Kabar's own page cache: what it stores, what it answers with, and what it leaves alone."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.http import http_date

from kabar.delivery.pagecache.serving import why_not_stored
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return factories.article(
        "Gempa di Cianjur",
        writers=[factories.person("Rina Wijaya")],
        tags=["gempa", "jawa-barat"],
        topic=factories.topic("Gempa Cianjur"),
        editor=factories.person("Budi Santoso"),
    )


def header_keys(response, name: str = "xkey") -> set[str]:
    separator = "," if name.lower() == "cache-tag" else " "
    return set(response[name].split(separator))


def test_second_request_for_a_public_page_is_answered_from_the_cache(client, article):
    first = client.get(article.dated_path())
    second = client.get(article.dated_path())
    assert (first.status_code, first["X-Cache"]) == (200, "MISS")
    assert (second.status_code, second["X-Cache"]) == (200, "HIT")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_cached_page_tells_caches_in_front_how_long_to_keep_it(client, article, settings):
    settings.KABAR_CACHE_MAX_AGE = 5
    settings.KABAR_CACHE_S_MAXAGE = 600
    settings.KABAR_CACHE_STALE_WHILE_REVALIDATE = 40
    settings.KABAR_CACHE_STALE_IF_ERROR = 7200
    rendered, hit = client.get(article.dated_path()), client.get(article.dated_path())
    for response in (rendered, hit):
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {
            "public",
            "max-age=5",
            "s-maxage=600",
            "stale-while-revalidate=40",
            "stale-if-error=7200",
        }
        assert response["ETag"] == rendered["ETag"]
        assert response["Last-Modified"] == rendered["Last-Modified"]
    # A stored copy says how old it is, so a cache in front keeps it only for what remains.
    assert int(hit["Age"]) >= 0


def test_cached_public_pages_set_no_cookie_and_do_not_vary_on_cookie(client, article):
    client.cookies["sessionid"] = "not-a-session"
    client.cookies["kabar_reader"] = "1"
    for url in ("/", "/nasional/", article.dated_path(), "/feed/", "/topik/", "/search/?q=gempa"):
        for response in (client.get(url), client.get(url)):
            assert response.status_code == 200, url
            assert response["X-Cache"] in {"MISS", "HIT"}, url
            assert not response.cookies, url
            assert "cookie" not in response.get("Vary", "").lower(), url


def test_article_page_names_the_article_its_section_topic_tags_and_people(client, article):
    response = client.get(article.dated_path())
    keys = header_keys(response)
    editor_id = article.editor_id
    writer_id = article.writers.get().person_id
    assert {
        f"article:{article.pk}",
        f"section:{article.section_id}",
        f"topic:{article.topic_id}",
        "tag:gempa",
        "tag:jawa-barat",
        f"person:{writer_id}",
        f"person:{editor_id}",
        "site",
    } <= keys


def test_surrogate_keys_go_out_in_each_configured_header_in_its_own_format(client, article, settings):
    response = client.get(article.dated_path())
    assert header_keys(response, "xkey") == header_keys(response, "Surrogate-Key") == header_keys(response, "Cache-Tag")
    assert " " not in response["Cache-Tag"]
    assert "," not in response["xkey"]

    settings.KABAR_SURROGATE_KEY_HEADERS = ["Cache-Tag"]
    other = factories.article("Banjir Jakarta")
    response = client.get(other.dated_path())
    assert f"article:{other.pk}" in header_keys(response, "Cache-Tag")
    assert not response.has_header("xkey")
    assert not response.has_header("Surrogate-Key")


def test_front_page_names_every_article_it_lists(client):
    articles = [factories.article(f"Berita {n}", is_editors_pick=n % 2 == 0) for n in range(6)]
    keys = header_keys(client.get("/"))
    assert {"front", "site"} <= keys
    assert {f"article:{a.pk}" for a in articles} <= keys


def test_listings_name_their_own_key_and_the_articles_on_them(client, article):
    person = article.writers.get().person
    listings = {
        "/nasional/": f"section:{article.section_id}",
        article.topic.url: f"topic:{article.topic_id}",
        "/tag/gempa/": "tag:gempa",
        person.get_absolute_url(): f"person:{person.pk}",
        "/search/?q=gempa": "search",
        "/feed/": "front",
        "/nasional/feed/": f"section:{article.section_id}",
    }
    for url, own_key in listings.items():
        keys = header_keys(client.get(url))
        assert own_key in keys, url
        assert f"article:{article.pk}" in keys, url
    topics = header_keys(client.get("/topik/"))
    assert {"topics", f"topic:{article.topic_id}"} <= topics


def test_if_none_match_gets_a_304_from_the_cache_and_from_a_fresh_render(client, article):
    first = client.get(article.dated_path())
    etag = first["ETag"]
    hit = client.get(article.dated_path(), HTTP_IF_NONE_MATCH=etag)
    assert (hit.status_code, hit["X-Cache"], hit.content) == (304, "HIT", b"")
    assert hit["ETag"] == etag
    assert hit["Cache-Control"] == first["Cache-Control"]
    assert hit["xkey"] == first["xkey"]
    assert client.get(article.dated_path(), HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    assert client.get(article.dated_path(), HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304

    other = factories.article("Belum pernah dibuka")
    # Same bytes as a copy the browser already holds: a 304 even though Kabar had to render it.
    rendered = client.get(other.dated_path())
    from kabar.delivery.pagecache.stores import get_store

    get_store().clear()
    again = client.get(other.dated_path(), HTTP_IF_NONE_MATCH=rendered["ETag"])
    assert (again.status_code, again["X-Cache"]) == (304, "MISS")


def test_if_modified_since_gets_a_304_only_when_nothing_is_newer(client, article):
    first = client.get(article.dated_path())
    assert client.get(article.dated_path(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(article.dated_path(), HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


def test_head_is_answered_from_the_cache_without_a_body(client, article):
    get = client.get(article.dated_path())
    head = client.head(article.dated_path())
    assert (head.status_code, head["X-Cache"], head.content) == (200, "HIT", b"")
    assert head["Content-Length"] == get["Content-Length"]


@pytest.mark.parametrize(
    "url",
    ["/admin/", "/akun/login/", "/api/v2/pages/", "/healthz", "/komentar/", "/push/", "/static/kabar/kabar.css"],
)
def test_private_and_technical_paths_are_never_cached(client, url):
    for response in (client.get(url), client.get(url)):
        assert not response.has_header("X-Cache"), url
        assert not response.has_header("xkey"), url


def test_tracking_parameters_share_the_cached_page_and_unknown_ones_skip_the_cache(client, article):
    url = article.dated_path()
    assert client.get(url)["X-Cache"] == "MISS"
    shared = client.get(url + "?utm_source=whatsapp&fbclid=abc123")
    assert shared["X-Cache"] == "HIT"
    unknown = client.get(url + "?preview=1")
    assert unknown.status_code == 200
    assert not unknown.has_header("X-Cache")


def test_each_listing_page_number_and_search_query_is_a_page_of_its_own(client, article):
    assert client.get("/nasional/?page=1")["X-Cache"] == "MISS"
    assert client.get("/nasional/?page=2")["X-Cache"] == "MISS"
    assert client.get("/nasional/?page=1")["X-Cache"] == "HIT"
    assert client.get("/search/?q=gempa")["X-Cache"] == "MISS"
    assert client.get("/search/?q=banjir")["X-Cache"] == "MISS"
    assert client.get("/search/?q=gempa&utm_medium=social")["X-Cache"] == "HIT"


def test_a_host_kabar_does_not_serve_is_refused_even_when_the_page_is_cached(client, article):
    client.get(article.dated_path())
    response = client.get(article.dated_path(), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert not response.has_header("X-Cache")


def test_a_missing_page_is_not_stored(client, article):
    first, second = client.get("/tidak-ada/"), client.get("/tidak-ada/")
    assert first.status_code == 404
    assert second.get("X-Cache") != "HIT"


def test_an_old_article_link_is_stored_as_its_redirect_under_the_articles_key(client, article):
    # So it keeps redirecting while the database is down (tests/caching/test_stale_if_error.py).
    url = f"/nasional/read/2020/01/01/{article.pk}/slug-lama/"
    first, second = client.get(url), client.get(url)
    assert (first.status_code, first["X-Cache"]) == (301, "MISS")
    assert (second.status_code, second["X-Cache"], second["Location"]) == (301, "HIT", article.dated_path())
    assert f"article:{article.pk}" in first["xkey"].split()


def test_with_the_setting_off_every_request_is_rendered(client, article, settings):
    settings.KABAR_PAGE_CACHE_ENABLED = False
    for response in (client.get(article.dated_path()), client.get(article.dated_path())):
        assert not response.has_header("X-Cache")
        assert not response.has_header("xkey")


# --- what a response must not be stored with ----------------------------------------------------


def test_a_public_page_that_sets_a_cookie_is_not_stored_and_is_reported_once(caplog):
    request = RequestFactory().get("/opini/")
    response = HttpResponse("halaman")
    response.set_cookie("pelacak", "1")
    with caplog.at_level("WARNING", logger="kabar.delivery.pagecache.serving"):
        assert why_not_stored(request, response) == "it sets a cookie"
        assert why_not_stored(request, response) == "it sets a cookie"
    reports = [r for r in caplog.records if "/opini/" in r.getMessage()]
    assert len(reports) == 1
    assert not response.has_header("Cache-Control")  # nothing stripped or changed to make it fit


def test_a_public_page_that_used_the_session_is_not_stored():
    request = RequestFactory().get("/pakai-sesi/")
    response = HttpResponse("halaman")
    response["Vary"] = "Accept-Encoding, Cookie"
    assert why_not_stored(request, response) == "it varies on Cookie (it used the session)"


def test_a_view_that_chose_its_own_cache_control_is_left_alone():
    request = RequestFactory().get("/robots.txt")
    response = HttpResponse("User-agent: *")
    response["Cache-Control"] = "public, max-age=3600"
    assert why_not_stored(request, response) is not None


def test_the_page_a_logged_in_staff_member_gets_is_the_cached_public_one(client, article, django_user_model):
    public = client.get(article.dated_path())
    staff = factories.staff("redaktur", None, superuser=True)
    client.force_login(staff)
    response = client.get(article.dated_path())
    assert response["X-Cache"] == "HIT"
    assert response.content == public.content


def test_a_fresh_page_is_answered_by_the_wsgi_wrapper_before_django_runs(article):
    import io
    import sys

    from django.core.wsgi import get_wsgi_application

    from kabar.delivery.pagecache.serving import CachedPages

    django_application = get_wsgi_application()
    reached_django = []

    def django_counting(environ, start_response):
        reached_django.append(environ["PATH_INFO"])
        return django_application(environ, start_response)

    application = CachedPages(django_counting)

    def request(path: str) -> tuple[str, dict[str, str], bytes]:
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, dict(headers)

        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
            "SERVER_PORT": "80", "HTTP_HOST": "testserver", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
        }  # fmt: skip
        body = b"".join(application(environ, start_response))
        return answer["status"], answer["headers"], body

    # As Django's test client does: a new request must not close the test's transaction.
    from django.core.signals import request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    try:
        rendered = request(article.dated_path())
        hit = request(article.dated_path())
    finally:
        request_started.connect(close_old_connections)
    assert (rendered[0], rendered[1]["X-Cache"]) == ("200 OK", "MISS")
    assert (hit[0], hit[1]["X-Cache"]) == ("200 OK", "HIT")
    assert hit[2] == rendered[2]
    assert reached_django == [article.dated_path()]
