"""A real `kabar serve` (granian): what it logs, and what a stopping process still writes."""

from __future__ import annotations

import sqlite3

import pytest

from tests.caching.servers import KabarSite, get


@pytest.fixture
def site(seeded_data_dir, tmp_path):
    seeded, articles = seeded_data_dir
    # Counted views stay in memory until the process stops; INFO for the page cache's render lines.
    site = KabarSite.copy_of(seeded, articles, tmp_path, KABAR_PAGEVIEW_FLUSH_SECONDS="3600", KABAR_LOG_LEVEL="INFO")
    try:
        site.serve()
        yield site
    finally:
        site.stop()


def stored_views(site: KabarSite, article_id: int) -> int:
    with sqlite3.connect(site.data_dir / "db" / "kabar.sqlite3") as db:
        (views,) = db.execute(
            "SELECT COALESCE(SUM(views), 0) FROM articles_articleviewcount WHERE article_id = ?", (article_id,)
        ).fetchone()
    return views


def test_views_counted_by_serving_processes_reach_the_database_when_the_server_stops(site):
    article_id = site.articles[0]["id"]
    for _ in range(4):
        assert get(f"{site.url}/hit/{article_id}/")[0] == 200
    assert stored_views(site, article_id) == 0

    site.stop()

    assert stored_views(site, article_id) == 4


def test_every_request_is_in_the_access_log_and_every_render_in_the_page_cache_log(site):
    path = site.articles[1]["path"]
    first, second = get(site.url + path), get(site.url + path)
    assert (first[1]["x-cache"], second[1]["x-cache"]) == ("MISS", "HIT")

    assert site.settled_backend_requests(path) == 2
    renders = [line for line in site.access_log.read_text().splitlines() if f"rendered {path} " in line]
    assert len(renders) == 1
