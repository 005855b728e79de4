"""The page stores: the machine's SQLite file and Redis, held to one contract."""

from __future__ import annotations

import os
import time
import uuid

import pytest

from kabar.delivery.pagecache import stores
from kabar.delivery.pagecache.stores import Entry, RedisStore, SqliteStore

# The Redis that runs on every machine here, when the run names none: the Redis store is always
# held to the contract, not only in the PostgreSQL + Redis run.
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def entry(keys: tuple[str, ...], body: bytes = b"<p>halaman</p>", fresh: float = 60, keep: float = 600) -> Entry:
    now = time.time()
    return Entry(
        status="200 OK",
        headers=[("Content-Type", "text/html")],
        body=body,
        keys=keys,
        etag='"x"',
        last_modified=now,
        variant="reader",
        stored_at=now,
        fresh_until=now + fresh,
        keep_until=now + keep,
    )


@pytest.fixture(params=["sqlite", "redis"])
def store(request, settings, tmp_path):
    if request.param == "sqlite":
        yield SqliteStore(tmp_path / "pagecache.sqlite3", max_bytes=10 * 1024 * 1024)
        return
    redis_store = RedisStore(settings.REDIS_URL or REDIS_URL, f"kabar-test-{uuid.uuid4().hex[:8]}")
    yield redis_store
    redis_store.clear()


def test_a_saved_page_is_found_fresh_with_what_it_was_saved_with(store):
    assert store.lookup("p1") == (None, False)
    assert store.save("p1", entry(("article:1", "site")), store.purge_count()) is True
    found, fresh = store.lookup("p1")
    assert fresh is True
    assert (found.body, found.keys, found.status) == (b"<p>halaman</p>", ("article:1", "site"), "200 OK")


def test_a_soft_purge_keeps_the_page_as_stale_and_only_the_pages_with_the_key(store):
    since = store.purge_count()
    store.save("front", entry(("article:1", "article:2", "front")), since)
    store.save("article-2", entry(("article:2",)), since)
    store.save("article-3", entry(("article:3",)), since)
    assert store.purge(["article:2"]) == 2
    assert store.lookup("front")[0] is not None
    assert store.lookup("front")[1] is False
    assert store.lookup("article-2")[1] is False
    assert store.lookup("article-3")[1] is True


def test_a_hard_purge_removes_the_pages(store):
    store.save("a", entry(("article:1",)), store.purge_count())
    store.purge(["article:1"], hard=True)
    assert store.lookup("a") == (None, False)


def test_a_page_stale_from_a_soft_purge_is_still_found_by_a_later_hard_purge(store):
    store.save("a", entry(("article:1", "section:5")), store.purge_count())
    store.purge(["article:1"])
    store.purge(["article:1"], hard=True)
    assert store.lookup("a") == (None, False)


def test_a_page_saved_again_after_a_purge_is_fresh_and_purgeable_again(store):
    store.save("a", entry(("article:1",)), store.purge_count())
    store.purge(["article:1"])
    store.save("a", entry(("article:1",), body=b"baru"), store.purge_count())
    assert store.lookup("a")[1] is True
    store.purge(["article:1"])
    assert store.lookup("a")[1] is False


def test_a_page_past_its_keeping_time_is_gone(store):
    store.save("a", entry(("article:1",), fresh=0.5, keep=1), store.purge_count())
    time.sleep(1.1)
    assert store.lookup("a") == (None, False)


def test_only_one_holder_of_a_pages_lock_until_it_unlocks(store):
    assert store.try_lock("a", 30) is True
    assert store.try_lock("a", 30) is False
    assert store.try_lock("b", 30) is True
    store.unlock("a")
    assert store.try_lock("a", 30) is True


def test_clear_empties_the_store(store):
    store.save("a", entry(("article:1",)), store.purge_count())
    store.clear()
    assert store.lookup("a") == (None, False)


def test_the_sqlite_store_drops_the_oldest_pages_beyond_its_size(tmp_path, monkeypatch):
    monkeypatch.setattr(stores, "CLEANUP_EVERY_SAVES", 1)
    store = SqliteStore(tmp_path / "pagecache.sqlite3", max_bytes=3000)
    for n in range(5):
        store.save(f"p{n}", entry((f"article:{n}",), body=b"x" * 900), store.purge_count())
    assert store.lookup("p0") == (None, False)
    assert store.lookup("p4")[1] is True
    assert len(store) <= 3
    # A dropped page leaves nothing for a purge to find.
    assert store.purge(["article:0"]) == 0


def test_a_purge_in_one_process_reaches_the_pages_another_serves(tmp_path):
    serving = SqliteStore(tmp_path / "pagecache.sqlite3", max_bytes=1 << 20)
    editing = SqliteStore(tmp_path / "pagecache.sqlite3", max_bytes=1 << 20)
    serving.save("a", entry(("article:1",)), serving.purge_count())
    serving.save("b", entry(("article:2",)), serving.purge_count())
    editing.purge(["article:1"])
    editing.purge(["article:2"], hard=True)
    assert serving.lookup("a")[0] is not None
    assert serving.lookup("a")[1] is False
    assert serving.lookup("b") == (None, False)


def test_a_render_in_one_process_started_before_a_purge_in_another_is_stored_stale(tmp_path):
    serving = SqliteStore(tmp_path / "pagecache.sqlite3", max_bytes=1 << 20)
    editing = SqliteStore(tmp_path / "pagecache.sqlite3", max_bytes=1 << 20)
    started = serving.purge_count()
    editing.purge(["article:1"])
    assert serving.save("a", entry(("article:1",)), started) is False


def test_only_one_process_holds_a_pages_lock(tmp_path):
    one = SqliteStore(tmp_path / "pagecache.sqlite3", max_bytes=1 << 20)
    other = SqliteStore(tmp_path / "pagecache.sqlite3", max_bytes=1 << 20)
    assert one.try_lock("a", 30) is True
    assert other.try_lock("a", 30) is False
    one.unlock("a")
    assert other.try_lock("a", 30) is True


def test_an_expired_lock_can_be_taken_by_another_process(tmp_path):
    one = SqliteStore(tmp_path / "pagecache.sqlite3", max_bytes=1 << 20)
    other = SqliteStore(tmp_path / "pagecache.sqlite3", max_bytes=1 << 20)
    assert one.try_lock("a", 0.2) is True
    time.sleep(0.3)
    assert other.try_lock("a", 30) is True


def test_a_store_without_a_path_is_a_temporary_file_of_its_own():
    first, second = SqliteStore(None, max_bytes=1 << 20), SqliteStore(None, max_bytes=1 << 20)
    first.save("a", entry(("article:1",)), first.purge_count())
    assert first.path != second.path
    assert second.lookup("a") == (None, False)
