"""A flood of requests that need Django's whole stack cannot starve cached pages (kabar/delivery/admission.py).

Kabar's WSGI stack as kabar/wsgi.py builds it (the page cache's door, then the admission gate, then
Django) runs in a threaded server on loopback. The slow requests that fill the gate are a test-only
path, /lambat/, held until the test lets them go; everything else is Kabar's real Django application.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.conf import settings
from django.core.wsgi import get_wsgi_application

from kabar.delivery import admission
from kabar.delivery.pagecache.policy import SITE_KEY
from kabar.delivery.pagecache.serving import CachedPages, stored_copy
from kabar.delivery.purge import purge_keys
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

REFUSAL = admission.refusal_page("id")


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class HeldRequests:
    """The test-only slow view: /lambat/ answers only when the test lets it."""

    def __init__(self, application: admission.WSGIApplication) -> None:
        self.application = application
        self.release = threading.Event()
        self.arrived = threading.Semaphore(0)

    def __call__(self, environ: dict, start_response):
        if environ.get("PATH_INFO") == "/lambat/":
            self.arrived.release()
            self.release.wait(timeout=60)
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"selesai"]
        return self.application(environ, start_response)


@contextmanager
def serving(limits: admission.Limits) -> Iterator[tuple[str, HeldRequests, admission.FullStackGate]]:
    held = HeldRequests(get_wsgi_application())
    gate = admission.FullStackGate(
        held, limits, refusal_body=REFUSAL, exempt_prefixes=(settings.STATIC_URL, "/healthz"), stale_copy=stored_copy
    )
    server = make_server("127.0.0.1", 0, CachedPages(gate), server_class=ThreadingServer, handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_port}", held, gate
    finally:
        held.release.set()
        server.shutdown()
        server.server_close()


def get(host: str, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(host, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def in_background(host: str, path: str) -> tuple[threading.Thread, list]:
    answers: list = []
    thread = threading.Thread(target=lambda: answers.append(get(host, path)), daemon=True)
    thread.start()
    return thread, answers


def wait_for(condition, what: str) -> None:
    for _ in range(600):
        if condition():
            return
        threading.Event().wait(0.05)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.fixture
def article():
    return factories.article("Gempa 5,1 guncang Garut")


def test_with_the_gate_full_a_cached_page_is_answered_and_an_uncached_one_gets_503(article):
    limits = admission.Limits(concurrency=1, queue=1, wait_seconds=30, retry_after=7)
    with serving(limits) as (host, held, gate):
        assert get(host, "/")[1]["x-cache"] == "MISS"  # stored for the flood to come
        running, first = in_background(host, "/lambat/")
        assert held.arrived.acquire(timeout=30)
        waiting, second = in_background(host, "/lambat/")
        wait_for(lambda: gate.waiting == 1, "the second slow request to queue")

        status, headers, body = get(host, "/search/?q=gempa")
        assert status == 503
        assert headers["retry-after"] == "7"
        assert headers["cache-control"] == "no-store"
        assert body == REFUSAL
        assert "sibuk" in body.decode() or "busy" in body.decode()

        status, headers, body = get(host, "/")
        assert (status, headers["x-cache"]) == (200, "HIT")
        assert "Gempa 5,1 guncang Garut" in body.decode()
        # Static files and the health check never wait behind renders.
        assert get(host, "/healthz")[0] == 200

        held.release.set()
        running.join(30)
        waiting.join(30)
    assert [answer[0] for answer in first + second] == [200, 200]


def test_a_request_that_waits_too_long_is_turned_away_and_the_gate_recovers(article):
    limits = admission.Limits(concurrency=1, queue=4, wait_seconds=0.2, retry_after=3)
    with serving(limits) as (host, held, gate):
        running, _ = in_background(host, "/lambat/")
        assert held.arrived.acquire(timeout=30)
        status, headers, _body = get(host, "/search/?q=gempa")
        assert (status, headers["retry-after"]) == (503, "3")
        held.release.set()
        running.join(30)
        wait_for(lambda: gate.running == 0, "the slow request to finish")
        status, _headers, body = get(host, "/search/?q=gempa")
        assert status == 200
        assert "Gempa 5,1 guncang Garut" in body.decode()


def test_a_stale_page_is_sent_as_its_stale_copy_rather_than_refused(article):
    limits = admission.Limits(concurrency=1, queue=0, wait_seconds=0, retry_after=3)
    with serving(limits) as (host, held, _gate):
        stored = get(host, "/")
        purge_keys([SITE_KEY])
        running, _ = in_background(host, "/lambat/")
        assert held.arrived.acquire(timeout=30)
        status, headers, body = get(host, "/")
        assert (status, headers["x-cache"]) == (200, "STALE")
        assert body == stored[2]
        held.release.set()
        running.join(30)


def test_a_stale_page_is_not_queued_behind_renders(article):
    # The queue has room and a long wait: a stale page must still be answered while the render runs.
    limits = admission.Limits(concurrency=1, queue=4, wait_seconds=120, retry_after=3)
    with serving(limits) as (host, held, gate):
        stored = get(host, "/")
        purge_keys([SITE_KEY])
        running, _ = in_background(host, "/lambat/")
        assert held.arrived.acquire(timeout=30)
        _reader, answers = in_background(host, "/")
        wait_for(lambda: answers, "the stale page")
        assert gate.waiting == 0
        status, headers, body = answers[0]
        assert (status, headers["x-cache"], body) == (200, "STALE", stored[2])
        held.release.set()
        running.join(30)


def test_the_default_limits_leave_threads_for_cached_pages_at_any_thread_count():
    for threads in (1, 2, 4, 8, 16, 32, 64, 128):
        limits = admission.default_limits(threads)
        assert limits.concurrency >= 1
        assert limits.concurrency + limits.queue < max(threads, 2), threads


def test_the_limits_come_from_the_environment():
    limits = admission.from_environment(
        {"KABAR_WEB_THREADS": "16", "KABAR_FULL_STACK_QUEUE": "3", "KABAR_FULL_STACK_RETRY_AFTER": "9"}
    )
    assert limits == admission.Limits(concurrency=1, queue=3, wait_seconds=5.0, retry_after=9)
    assert not admission.from_environment({"KABAR_FULL_STACK_CONCURRENCY": "0"}).enabled
    with pytest.raises(ValueError, match="KABAR_FULL_STACK_QUEUE"):
        admission.from_environment({"KABAR_FULL_STACK_QUEUE": "banyak"})
