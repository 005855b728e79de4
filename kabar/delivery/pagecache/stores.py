"""Where cached pages live: an SQLite file on the machine (the embedded default) or Redis (REDIS_URL).

Both stores keep, per page, the whole response and the surrogate keys it carries, and an index
from each key to the pages that carry it, so a purge finds its pages without scanning.

A soft purge makes the pages stale but keeps them: one request renders the page again while the
others get the previous copy, and the copy still answers if the database is down. A hard purge
(an article unpublished, deleted or made private) removes them.

A render that began before a purge must not store its page as fresh: it may have read what the
purge replaced. Each store numbers its purges; a render notes the number when it starts, and
`save` stores the page as already stale if one of its keys was purged since.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import pickle
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.signals import setting_changed

# Renders take far less than this, so purge numbers older than it are of no more use to `save`.
PURGE_MEMORY_SECONDS = 600


@dataclass(slots=True)
class Entry:
    """A stored response: what the hit path sends, and what the store needs to expire and purge it."""

    status: str  # "200 OK"
    headers: list[tuple[str, str]]  # as sent on a hit, Cache-Control included; not Age or X-Cache
    body: bytes
    keys: tuple[str, ...]
    etag: str
    last_modified: float
    variant: str
    stored_at: float
    fresh_until: float
    keep_until: float

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(n) + len(v) for n, v in self.headers) + 256


class PageStore(Protocol):
    def lookup(self, page_id: str) -> tuple[Entry | None, bool]:
        """The stored page, if any, and whether it is fresh."""

    def purge_count(self) -> int:
        """How many purges this store has seen: a render notes it when it starts."""

    def save(self, page_id: str, entry: Entry, since: int) -> bool:
        """Store a render that started at purge count `since`; False when it went in already stale."""

    def try_lock(self, page_id: str, seconds: float) -> bool: ...

    def hold_lock(self, page_id: str, seconds: float) -> None: ...

    def unlock(self, page_id: str) -> None: ...

    def purge(self, keys: list[str], hard: bool = False) -> int:
        """Make stale (or, hard, remove) every page carrying one of `keys`; how many were found."""

    def clear(self) -> None: ...


class SqliteStore:
    """Pages in an SQLite file of their own, shared by every Kabar process on the machine (the default).

    Not the site's database: it answers while that one is down. WAL lets the serving processes
    read while one writes; a hit is one primary-key SELECT. Purges, locks and the purge numbers
    are rows, so single flight and purges hold across processes without a journal. More than one
    machine needs REDIS_URL: a file is not shared between machines.

    Without a path the store is a temporary file of this process's own, removed at exit (tests).
    """

    def __init__(self, path: Path | None, max_bytes: int) -> None:
        if path is None:
            descriptor, name = tempfile.mkstemp(prefix="kabar-pagecache-", suffix=".sqlite3")
            os.close(descriptor)
            path = Path(name)
            atexit.register(_remove_database_files, path)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self._local = threading.local()
        self._saves = 0
        with self._connection() as connection:
            connection.executescript(_SQLITE_SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread, opened on first use (granian's workers fork before that).
        connection = getattr(self._local, "connection", None)
        if connection is None or getattr(self._local, "pid", None) != os.getpid():
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            # A cache: losing the last writes in a power cut costs renders, not data.
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def lookup(self, page_id: str) -> tuple[Entry | None, bool]:
        row = (
            self._connection()
            .execute(
                "SELECT status, headers, body, keys, etag, last_modified, variant, stored_at, fresh_until, keep_until"
                " FROM page WHERE id = ?",
                (page_id,),
            )
            .fetchone()
        )
        if row is None:
            return None, False
        status, headers, body, keys, etag, last_modified, variant, stored_at, fresh_until, keep_until = row
        now = time.time()
        if keep_until <= now:
            return None, False
        entry = Entry(
            status=status,
            headers=[tuple(pair) for pair in json.loads(headers)],
            body=body,
            keys=tuple(keys.split()),
            etag=etag,
            last_modified=last_modified,
            variant=variant,
            stored_at=stored_at,
            fresh_until=fresh_until,
            keep_until=keep_until,
        )
        return entry, fresh_until > now

    def purge_count(self) -> int:
        row = self._connection().execute("SELECT value FROM counter WHERE name = 'purges'").fetchone()
        return row[0] if row else 0

    def save(self, page_id: str, entry: Entry, since: int) -> bool:
        connection = self._connection()
        marks = ",".join("?" * len(entry.keys))
        with _immediate(connection):
            purged = connection.execute(
                f"SELECT 1 FROM purge WHERE key IN ({marks}) AND number > ? LIMIT 1",  # noqa: S608 - placeholders only
                (*entry.keys, since),
            ).fetchone()
            if purged is not None:
                entry.fresh_until = 0.0
            connection.execute(
                "INSERT OR REPLACE INTO page (id, status, headers, body, keys, etag, last_modified, variant,"
                " stored_at, fresh_until, keep_until, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    page_id,
                    entry.status,
                    json.dumps(entry.headers),
                    entry.body,
                    " ".join(entry.keys),
                    entry.etag,
                    entry.last_modified,
                    entry.variant,
                    entry.stored_at,
                    entry.fresh_until,
                    entry.keep_until,
                    entry.size,
                ),
            )
            connection.execute("DELETE FROM page_key WHERE page = ?", (page_id,))
            connection.executemany(
                "INSERT OR IGNORE INTO page_key (key, page) VALUES (?, ?)", [(key, page_id) for key in entry.keys]
            )
            self._saves += 1
            if self._saves % CLEANUP_EVERY_SAVES == 0:
                self._clean(connection)
        return entry.fresh_until > 0

    def _clean(self, connection: sqlite3.Connection) -> None:
        """Drop pages past their keeping time, then the oldest beyond the size limit."""
        now = time.time()
        connection.execute("DELETE FROM page WHERE keep_until <= ?", (now,))
        total = connection.execute("SELECT COALESCE(SUM(size), 0) FROM page").fetchone()[0]
        if total > self.max_bytes:
            connection.execute(
                "DELETE FROM page WHERE id IN (SELECT id FROM page ORDER BY stored_at LIMIT"
                " (SELECT COUNT(*) FROM page) / 4 + 1)"
            )
        connection.execute("DELETE FROM page_key WHERE page NOT IN (SELECT id FROM page)")
        connection.execute("DELETE FROM purge WHERE purged_at < ?", (now - PURGE_MEMORY_SECONDS,))
        connection.execute("DELETE FROM lock WHERE until < ?", (now,))

    def try_lock(self, page_id: str, seconds: float) -> bool:
        now = time.time()
        # One statement, so two processes cannot both take it.
        cursor = self._connection().execute(
            "INSERT INTO lock (page, until) VALUES (?, ?) ON CONFLICT (page) DO UPDATE SET until = excluded.until"
            " WHERE lock.until <= ?",
            (page_id, now + seconds, now),
        )
        return cursor.rowcount == 1

    def hold_lock(self, page_id: str, seconds: float) -> None:
        self._connection().execute(
            "INSERT OR REPLACE INTO lock (page, until) VALUES (?, ?)", (page_id, time.time() + seconds)
        )

    def unlock(self, page_id: str) -> None:
        self._connection().execute("DELETE FROM lock WHERE page = ?", (page_id,))

    def purge(self, keys: list[str], hard: bool = False) -> int:
        connection = self._connection()
        marks = ",".join("?" * len(keys))
        with _immediate(connection):
            connection.execute(
                "INSERT INTO counter (name, value) VALUES ('purges', 1)"
                " ON CONFLICT (name) DO UPDATE SET value = value + 1"
            )
            number = connection.execute("SELECT value FROM counter WHERE name = 'purges'").fetchone()[0]
            now = time.time()
            connection.executemany(
                "INSERT OR REPLACE INTO purge (key, number, purged_at) VALUES (?, ?, ?)",
                [(key, number, now) for key in keys],
            )
            pages = f"SELECT page FROM page_key WHERE key IN ({marks})"  # noqa: S608 - placeholders only
            found = connection.execute(
                f"SELECT COUNT(*) FROM page WHERE id IN ({pages})",  # noqa: S608
                keys,
            ).fetchone()[0]
            if hard:
                connection.execute(f"DELETE FROM page WHERE id IN ({pages})", keys)  # noqa: S608
            else:
                connection.execute(f"UPDATE page SET fresh_until = 0 WHERE id IN ({pages})", keys)  # noqa: S608
        return found

    def clear(self) -> None:
        connection = self._connection()
        with _immediate(connection):
            for table in ("page", "page_key", "purge", "lock", "counter"):
                connection.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names

    def __len__(self) -> int:
        return self._connection().execute("SELECT COUNT(*) FROM page").fetchone()[0]


CLEANUP_EVERY_SAVES = 50
_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS page (
    id TEXT PRIMARY KEY, status TEXT NOT NULL, headers TEXT NOT NULL, body BLOB NOT NULL, keys TEXT NOT NULL,
    etag TEXT NOT NULL, last_modified REAL NOT NULL, variant TEXT NOT NULL, stored_at REAL NOT NULL,
    fresh_until REAL NOT NULL, keep_until REAL NOT NULL, size INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS page_key (key TEXT NOT NULL, page TEXT NOT NULL, PRIMARY KEY (key, page)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS page_key_by_page ON page_key (page);
CREATE TABLE IF NOT EXISTS purge (key TEXT PRIMARY KEY, number INTEGER NOT NULL, purged_at REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lock (page TEXT PRIMARY KEY, until REAL NOT NULL) WITHOUT ROWID;
"""


@contextmanager
def _immediate(connection: sqlite3.Connection) -> Iterator[None]:
    # BEGIN IMMEDIATE takes the write lock first, so a read-then-write never meets another writer.
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


# Stores a render unless a key was purged after it started; indexes it under each key. Atomic, so
# a purge is either wholly before it (and seen) or wholly after it (and finds the page).
# KEYS: entry, fresh marker, then n index sets, then n purge-number markers.
# ARGV: entry blob, keep seconds, fresh milliseconds, purge number at render start, n, page id.
_SAVE_SCRIPT = """
local n = tonumber(ARGV[5])
local fresh = 1
for i = 1, n do
  local purged = redis.call('GET', KEYS[2 + n + i])
  if purged and tonumber(purged) > tonumber(ARGV[4]) then fresh = 0 end
end
if tonumber(ARGV[3]) <= 0 then fresh = 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
if fresh == 1 then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
else
  redis.call('DEL', KEYS[2])
end
for i = 1, n do
  redis.call('SADD', KEYS[2 + i], ARGV[6])
  redis.call('EXPIRE', KEYS[2 + i], ARGV[2])
end
return fresh
"""

# KEYS: purge counter, then n index sets, then n purge-number markers.
# ARGV: 1 for hard, n, key prefix of entries, key prefix of fresh markers, marker lifetime.
# Index members whose page has expired are dropped on the way, so the sets stay small.
_PURGE_SCRIPT = """
local number = redis.call('INCR', KEYS[1])
local n = tonumber(ARGV[2])
local hard = ARGV[1] == '1'
local found = 0
for i = 1, n do
  local index = KEYS[1 + i]
  redis.call('SET', KEYS[1 + n + i], number, 'EX', ARGV[5])
  for _, page in ipairs(redis.call('SMEMBERS', index)) do
    local entry = ARGV[3] .. page
    if redis.call('EXISTS', entry) == 0 then
      redis.call('SREM', index, page)
    else
      found = found + 1
      redis.call('DEL', ARGV[4] .. page)
      if hard then
        redis.call('DEL', entry)
        redis.call('SREM', index, page)
      end
    end
  end
end
return found
"""


class RedisStore:
    """Pages in Redis, shared by every process and machine: a hit is one MGET (page and fresh marker).

    Freshness is a separate marker key that expires on its own, so a soft purge deletes markers
    and leaves the pages for stale serving. Single flight is a SET NX lock, across machines.
    """

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = f"{prefix}:pc:"
        self._save = self.client.register_script(_SAVE_SCRIPT)
        self._purge = self.client.register_script(_PURGE_SCRIPT)

    def _key(self, kind: str, name: str) -> str:
        return f"{self.prefix}{kind}:{name}"

    def lookup(self, page_id: str) -> tuple[Entry | None, bool]:
        blob, fresh = self.client.mget([self._key("e", page_id), self._key("f", page_id)])
        if blob is None:
            return None, False
        # Written only by Kabar into its own Redis, as Django's RedisCache pickles every value.
        return pickle.loads(blob), fresh is not None  # noqa: S301

    def purge_count(self) -> int:
        return int(self.client.get(self._key("n", "purges")) or 0)

    def save(self, page_id: str, entry: Entry, since: int) -> bool:
        keys = list(entry.keys)
        keep = max(1, int(entry.keep_until - entry.stored_at))
        fresh_ms = int((entry.fresh_until - entry.stored_at) * 1000)
        stored_fresh = self._save(
            keys=[
                self._key("e", page_id),
                self._key("f", page_id),
                *(self._key("k", key) for key in keys),
                *(self._key("p", key) for key in keys),
            ],
            args=[pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL), keep, fresh_ms, since, len(keys), page_id],
        )
        if not stored_fresh:
            entry.fresh_until = 0.0
        return bool(stored_fresh)

    def try_lock(self, page_id: str, seconds: float) -> bool:
        return bool(self.client.set(self._key("l", page_id), b"1", nx=True, px=max(1, int(seconds * 1000))))

    def hold_lock(self, page_id: str, seconds: float) -> None:
        self.client.set(self._key("l", page_id), b"1", px=max(1, int(seconds * 1000)))

    def unlock(self, page_id: str) -> None:
        self.client.delete(self._key("l", page_id))

    def purge(self, keys: list[str], hard: bool = False) -> int:
        return int(
            self._purge(
                keys=[
                    self._key("n", "purges"),
                    *(self._key("k", key) for key in keys),
                    *(self._key("p", key) for key in keys),
                ],
                args=["1" if hard else "0", len(keys), self._key("e", ""), self._key("f", ""), PURGE_MEMORY_SECONDS],
            )
        )

    def clear(self) -> None:
        cursor = 0
        while True:
            cursor, found = self.client.scan(cursor, match=f"{self.prefix}*", count=1000)
            if found:
                self.client.delete(*found)
            if cursor == 0:
                break


_store: PageStore | None = None
_store_lock = threading.Lock()


def get_store() -> PageStore:
    """The store settings name: Redis when REDIS_URL is set, the machine's SQLite file otherwise."""
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                _store = build_store()
    return _store


def build_store() -> PageStore:
    if getattr(settings, "REDIS_URL", ""):
        prefix = settings.CACHES["default"].get("KEY_PREFIX") or "kabar"
        return RedisStore(settings.REDIS_URL, prefix)
    path = getattr(settings, "KABAR_PAGE_CACHE_PATH", None)
    max_bytes = int(getattr(settings, "KABAR_PAGE_CACHE_MAX_MB", 512)) * 1024 * 1024
    return SqliteStore(Path(path) if path else None, max_bytes)


def reset_store(**kwargs: object) -> None:
    """Forget the store, so the next use builds it from the settings as they are now."""
    global _store
    with _store_lock:
        _store = None


def _reset_on_setting_change(setting: str, **kwargs: object) -> None:
    if setting in {"KABAR_PAGE_CACHE_PATH", "KABAR_PAGE_CACHE_MAX_MB", "REDIS_URL", "CACHES"}:
        reset_store()


setting_changed.connect(_reset_on_setting_change, dispatch_uid="kabar.delivery.pagecache.stores.reset")
