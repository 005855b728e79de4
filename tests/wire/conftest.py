"""The wire desk's test helpers: feeds in the real database, and real HTTP servers on loopback."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
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
