"""A real `kabar serve` and `kabar worker` whose database really goes away, then comes back.

The SQLite file's directory is moved away while the processes run: every new connection fails
with "unable to open database file", as a database server that stopped answering makes Django
fail with OperationalError. Nothing is patched inside the processes.
"""

from __future__ import annotations

import http.client
import re
import time

import pytest

from tests.caching.servers import KabarSite, get, raw_request, wait_until


@pytest.fixture
def site(seeded_data_dir, tmp_path):
    seeded, articles = seeded_data_dir
    # Pages are fresh for a second here, so the test sees them go stale while the database is down.
    site = KabarSite.copy_of(seeded, articles, tmp_path, KABAR_PAGE_CACHE_SECONDS="1")
    try:
        site.serve()
        site.work()
        yield site
    finally:
        site.stop()


def test_readers_keep_getting_stored_pages_while_the_database_is_down_and_it_recovers_by_itself(site):
    article = site.articles[0]["path"]
    front = site.url + "/"
    stored = get(site.url + article)
    assert (stored[0], stored[1]["x-cache"]) == (200, "MISS")
    stored_front = get(front)
    assert stored_front[0] == 200

    site.database_down()
    try:
        health = get(site.url + "/healthz")
        assert health[0] == 503
        assert b"unhealthy" in health[2]

        time.sleep(1.2)  # both stored pages are stale now
        for url, copy in ((site.url + article, stored), (front, stored_front)):
            for _ in range(3):
                status, headers, body = get(url)
                assert (status, headers["x-cache"]) == (200, "STALE"), url
                assert body == copy[2], url

        never_stored = get(site.url + "/topik/")
        assert never_stored[0] == 503
        assert never_stored[1]["retry-after"].isdigit()
        assert b"<html" in never_stored[2].lower()
        assert all(process.poll() is None for process in site.processes), "a process died with the database"
    finally:
        site.database_back()

    wait_until(lambda: get(site.url + "/healthz")[0] == 200, timeout=15)
    # The first failed render made the others serve the copy for a few seconds without trying the
    # database; after that the page is rendered again, with no one restarting anything.
    wait_until(lambda: get(site.url + article)[1]["x-cache"] in {"MISS", "HIT"}, timeout=20)
    assert get(site.url + "/topik/")[0] == 200
    assert all(process.poll() is None for process in site.processes)


def post(url: str, fields: dict[str, str], cookie: str) -> tuple[int, dict]:
    """A form post with the session's CSRF cookie and token, as a browser sends it."""
    from urllib.parse import urlencode, urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(
            "POST",
            parts.path,
            body=urlencode(fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Referer": url,
                "Origin": f"{parts.scheme}://{parts.netloc}",
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def test_old_links_redirect_from_the_cache_and_writes_answer_503_while_the_database_is_down(site):
    canonical = site.articles[1]["path"]
    old_link = canonical.rsplit("/", 2)[0] + "/judul-lama/"
    status, headers, _body = raw_request(site.url + old_link, "GET", {}, "127.0.0.1")
    assert (status, headers["location"]) == (301, canonical)
    login = get(site.url + "/akun/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', login[2]).group(1).decode()
    cookie = "; ".join(part.split(";", 1)[0] for part in login[1].get("set-cookie", "").split(", ") if "=" in part)
    assert "csrftoken=" in cookie

    site.database_down()
    try:
        time.sleep(1.2)  # the stored redirect is stale now: it is rendered again, and fails
        for _ in range(3):
            status, headers, _body = raw_request(site.url + old_link, "GET", {}, "127.0.0.1")
            assert (status, headers["location"], headers["x-cache"]) == (301, canonical, "STALE")
        never_followed = canonical.rsplit("/", 2)[0] + "/tidak-pernah/"
        status, headers, _body = raw_request(site.url + never_followed, "GET", {}, "127.0.0.1")
        assert status == 503
        assert headers["retry-after"].isdigit()

        status, headers = post(
            site.url + "/akun/login/",
            {"csrfmiddlewaretoken": token, "login": "redaksi@example.com", "password": "bukan-sandinya"},
            cookie,
        )
        assert status == 503
        assert headers["retry-after"].isdigit()
    finally:
        site.database_back()
    wait_until(lambda: get(site.url + "/healthz")[0] == 200, timeout=15)
