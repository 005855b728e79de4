"""A real `kabar serve` and `kabar worker` whose database really goes away, then comes back.

The SQLite file's directory is moved away while the processes run: every new connection fails
with "unable to open database file", as a database server that stopped answering makes Django
fail with OperationalError. Nothing is patched inside the processes.
"""

from __future__ import annotations

import time

import pytest

from tests.caching.servers import KabarSite, get, wait_until


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
        assert never_stored[0] == 500
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
