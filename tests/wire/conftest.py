"""The wire desk's test helpers: feeds in the real database, and real HTTP servers on loopback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

from kabar.wire.models import WireFeed
from tests import factories
from tests.parsing import html

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The desk's rights as kabar.newsroom.services.MODEL_RIGHTS should grant them (see the wire report).
DESK_RIGHTS = {
    "Penulis": ["view_wireitem"],
    "Redaktur": ["view_wireitem"],
    "Admin": ["view_wireitem", "view_wirefeed", "add_wirefeed", "change_wirefeed", "delete_wirefeed"],
}


def site_text(msgid: str, **params: object) -> str:
    """A UI string as the site's language says it (Indonesian once translated), so tests hold either way."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(msgid)
    return text % params if params else text


def words(response_or_text: object) -> str:
    """The page's text as a reader sees it: tags gone, entities decoded, whitespace collapsed."""
    return " ".join(html(response_or_text).text.split())


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def make_feed(name: str = "KBN Terkini", *, agency: str = "Kantor Berita Nusantara", **fields: object) -> WireFeed:
    fields.setdefault("kind", WireFeed.Kind.RSS)
    fields.setdefault("url", "http://127.0.0.1:9/feed")
    return WireFeed.objects.create(name=name, agency=factories.source(agency), **fields)


@pytest.fixture
def desk_rights(db) -> None:
    for group_name, codenames in DESK_RIGHTS.items():
        group = Group.objects.get(name=group_name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="wire", codename__in=codenames))


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


@dataclass
class LoopbackServer:
    """A real HTTP server on 127.0.0.1 and a random port, answering each path as its Route says."""

    server: ThreadingHTTPServer
    routes: dict[str, Route]
    requests: list[dict[str, str]]
    stopping: threading.Event

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path


def _start_server() -> LoopbackServer:
    routes: dict[str, Route] = {}
    requests: list[dict[str, str]] = []
    stopping = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            requests.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
            route = routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.handler is not None:
                route.handler(self)
                return
            if route.delay:
                stopping.wait(route.delay)
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if "Content-Length" not in route.headers:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return LoopbackServer(server, routes, requests, stopping)


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    running = _start_server()
    yield running
    running.stopping.set()
    running.server.shutdown()
    running.server.server_close()


@pytest.fixture
def loopback_factory() -> Iterator[Callable[[], LoopbackServer]]:
    started: list[LoopbackServer] = []

    def start() -> LoopbackServer:
        running = _start_server()
        started.append(running)
        return running

    yield start
    for running in started:
        running.stopping.set()
        running.server.shutdown()
        running.server.server_close()


@dataclass
class OutsideDatabase:
    """The test database as other processes see it: `kabar` commands run against it, rows read back.

    SQLite's test database lives in memory, so it is copied to a file first (committed data only:
    use it in transactional tests); PostgreSQL's test database is used as it is.
    """

    url: str
    sqlite_file: Path | None

    def run_kabar(self, *args: str) -> str:
        env = {**os.environ, "DATABASE_URL": self.url, "KABAR_TESTING": "1", "KABAR_LOG_LEVEL": "ERROR"}
        done = subprocess.run(
            [sys.executable, "-m", "kabar", *args], env=env, capture_output=True, text=True, check=True, timeout=300
        )
        return done.stdout

    def rows(self, sql: str) -> list[tuple]:
        if self.sqlite_file is None:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return [tuple(row) for row in cursor.fetchall()]
        with closing(sqlite3.connect(self.sqlite_file)) as db:
            return db.execute(sql).fetchall()


@pytest.fixture
def outside_database(transactional_db, tmp_path) -> Callable[[], OutsideDatabase]:
    """Call it once the data the processes need is written."""

    def open_outside() -> OutsideDatabase:
        if connection.vendor == "sqlite":
            copy_path = tmp_path / "kabar.sqlite3"
            connection.ensure_connection()
            with closing(sqlite3.connect(copy_path)) as copy:
                connection.connection.backup(copy)
            return OutsideDatabase(f"sqlite:///{copy_path}", copy_path)
        db = connection.settings_dict
        url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        return OutsideDatabase(url, None)

    return open_outside
