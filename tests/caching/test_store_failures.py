"""The page cache's own machinery failing (a full disk, a store gone away) never turns a stored page into a 500.

The store here is Kabar's SQLite store on a file of the test's own, whose writes start failing the way
a full disk makes them fail (OSError ENOSPC) once the test says the disk is full.
"""

from __future__ import annotations

import errno
import logging

import pytest

from kabar.delivery.pagecache import stores
from kabar.delivery.pagecache.policy import SITE_KEY
from kabar.delivery.purge import purge_keys
from tests import factories

pytestmark = pytest.mark.django_db


class DiskFullStore(stores.SqliteStore):
    """Reads work; every write (the render lock, the purge counter read for a save, a save) fails once full."""

    full = False
    failing: tuple[str, ...] = ("try_lock", "hold_lock", "save")

    def _refuse(self, what: str) -> None:
        if self.full and what in self.failing:
            raise OSError(errno.ENOSPC, "No space left on device")

    def try_lock(self, page_id: str, seconds: float) -> bool:
        self._refuse("try_lock")
        return super().try_lock(page_id, seconds)

    def hold_lock(self, page_id: str, seconds: float) -> None:
        self._refuse("hold_lock")
        super().hold_lock(page_id, seconds)

    def purge_count(self) -> int:
        self._refuse("purge_count")
        return super().purge_count()

    def save(self, page_id: str, entry: stores.Entry, since: int) -> bool:
        self._refuse("save")
        return super().save(page_id, entry, since)


@pytest.fixture
def store(monkeypatch, tmp_path):
    store = DiskFullStore(tmp_path / "pages.sqlite3", 64 * 1024 * 1024)
    monkeypatch.setattr(stores, "_store", store)
    return store


@pytest.fixture
def home(lenient_client, store):
    factories.article("Banjir surut di Jakarta Timur")
    stored = lenient_client.get("/")
    assert (stored.status_code, stored["X-Cache"]) == (200, "MISS")
    purge_keys([SITE_KEY])  # the copy is stale: the next request would take the lock and render
    return stored


def test_the_home_page_is_served_stale_when_its_render_lock_cannot_be_taken(lenient_client, store, home, caplog):
    store.full = True
    with caplog.at_level(logging.WARNING, logger="kabar.delivery.pagecache.serving"):
        response = lenient_client.get("/")
    assert (response.status_code, response["X-Cache"]) == (200, "STALE")
    assert response.content == home.content
    assert "serving the stored copy of /" in caplog.text
    assert "No space left on device" in caplog.text


def test_a_stale_copy_is_served_when_the_store_fails_after_the_lock(lenient_client, store, home):
    store.full, store.failing = True, ("purge_count",)
    response = lenient_client.get("/")
    assert (response.status_code, response["X-Cache"]) == (200, "STALE")
    assert response.content == home.content
    # The lock was let go: once the store works again, the page is rendered and stored.
    store.full = False
    assert lenient_client.get("/")["X-Cache"] == "MISS"
    assert lenient_client.get("/")["X-Cache"] == "HIT"


def test_a_page_never_stored_is_rendered_when_the_store_cannot_lock(lenient_client, store):
    factories.article("Banjir surut di Jakarta Timur")
    store.full = True
    response = lenient_client.get("/")
    assert response.status_code == 200
    assert "Banjir surut di Jakarta Timur" in response.content.decode()


def test_a_render_whose_copy_cannot_be_saved_is_still_answered(lenient_client, store, home):
    store.full, store.failing = True, ("save",)
    response = lenient_client.get("/")
    assert response.status_code == 200
    assert response.content == home.content
