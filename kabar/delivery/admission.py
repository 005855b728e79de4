"""Admission control: a flood of requests that need Django's whole stack cannot starve cached pages.

kabar/wsgi.py answers fresh cached pages before Django (kabar/delivery/pagecache/serving.py); every
other request (a render, a search, a form post, a webhook) goes through `FullStackGate` first. At most
`concurrency` of them run at once in a serving process, at most `queue` more wait, each for at most
`wait_seconds`; the rest are answered at once with a 503, a Retry-After and a few static bytes. So the
server's threads never all sit in Django: a cached page always finds one, whatever arrives alongside.

A page the cache holds stale is sent as that stale copy when no turn is free, rather than queued.
Static files and the health check skip the gate: they are cheap, and a load balancer must not
read a flood as a dead site.

Settings are environment variables, read when the serving process starts (see `from_environment`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

logger = logging.getLogger(__name__)

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApplication = Callable[[Environ, StartResponse], Iterable[bytes]]
REFUSAL_LOG_EVERY_SECONDS = 60.0
# `kabar serve`'s --threads when KABAR_WEB_THREADS is not set (kabar/operations/management/commands/serve.py).
DEFAULT_THREADS = 64


@dataclass(frozen=True)
class Limits:
    """How many full-stack requests run at once per process, how many may wait, and for how long."""

    concurrency: int
    queue: int
    wait_seconds: float
    retry_after: int

    @property
    def enabled(self) -> bool:
        return self.concurrency > 0


def default_limits(threads: int) -> Limits:
    """Derived from the server's threads per process: one renders at a time per 32, a quarter stay free
    for cached pages, the rest may wait (asleep, they cost nothing) up to five seconds.

    Renders are Python holding the GIL: more of them at once in a process make each slower without
    answering more, and take the processor from the cached pages. Waiting requests hold a flood's
    connections still, where refused ones would come straight back.
    """
    concurrency = max(1, threads // 32)
    free = max(1, threads // 4)
    return Limits(concurrency=concurrency, queue=max(0, threads - concurrency - free), wait_seconds=5.0, retry_after=5)


def from_environment(environ: Mapping[str, str] = os.environ) -> Limits:
    """KABAR_FULL_STACK_CONCURRENCY (0 turns the gate off), KABAR_FULL_STACK_QUEUE,
    KABAR_FULL_STACK_WAIT_SECONDS and KABAR_FULL_STACK_RETRY_AFTER; defaults from KABAR_WEB_THREADS."""
    threads = int(_number(environ, "KABAR_WEB_THREADS", DEFAULT_THREADS))
    defaults = default_limits(max(1, threads))
    return Limits(
        concurrency=max(0, int(_number(environ, "KABAR_FULL_STACK_CONCURRENCY", defaults.concurrency))),
        queue=max(0, int(_number(environ, "KABAR_FULL_STACK_QUEUE", defaults.queue))),
        wait_seconds=max(0.0, _number(environ, "KABAR_FULL_STACK_WAIT_SECONDS", defaults.wait_seconds)),
        retry_after=max(1, int(_number(environ, "KABAR_FULL_STACK_RETRY_AFTER", defaults.retry_after))),
    )


def _number(environ: Mapping[str, str], name: str, default: float) -> float:
    value = environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {value!r}") from None


class FullStackGate:
    """Wraps the Django application: a bounded number run, a bounded number wait, the rest get a 503."""

    def __init__(
        self,
        application: WSGIApplication,
        limits: Limits,
        *,
        refusal_body: bytes,
        exempt_prefixes: tuple[str, ...] = (),
        stale_copy: Callable[[Environ], tuple[str, list[tuple[str, str]], bytes] | None] | None = None,
    ) -> None:
        self.application = application
        self.limits = limits
        self.refusal_body = refusal_body
        self.exempt_prefixes = exempt_prefixes
        self.stale_copy = stale_copy
        self._condition = threading.Condition()
        self._pool: ThreadPoolExecutor | None = None
        self._pool_pid = 0
        self._running = 0
        self._waiting = 0
        self._refused = 0
        self._last_log = 0.0

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if not self.limits.enabled or (environ.get("PATH_INFO") or "/").startswith(self.exempt_prefixes):
            return self.application(environ, start_response)
        if not self._enter(wait=False):
            # A page the cache holds stale is sent at once rather than queued for its render: one
            # request renders it when a turn is free, the others need no turn at all.
            copy = self._stale_copy(environ)
            if copy is not None:
                status, headers, body = copy
                start_response(status, headers)
                return [body]
            if not self._enter(wait=True):
                return self._refuse(environ, start_response)
        try:
            status, headers, result = self._runners().submit(self._run, environ).result()
        finally:
            self._leave()
        start_response(status, headers)
        return result

    def _runners(self) -> ThreadPoolExecutor:
        # Django runs on these `concurrency` threads only, never on the server's: its per-thread state
        # (a database connection each, kept CONN_MAX_AGE) stays bounded however many threads the
        # server has for cached pages and waiting requests. Made in the serving process, after fork.
        with self._condition:
            if self._pool is None or self._pool_pid != os.getpid():
                self._pool = ThreadPoolExecutor(
                    self.limits.concurrency, thread_name_prefix="kabar-django", initializer=_lower_priority
                )
                self._pool_pid = os.getpid()
            return self._pool

    def _run(self, environ: Environ) -> tuple[str, list[tuple[str, str]], Iterable[bytes]]:
        started: list[tuple[str, list[tuple[str, str]]]] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> StartResponse:
            started[:] = [(status, headers)]
            return _no_write

        result = self.application(environ, start_response)
        if isinstance(result, HttpResponse):
            # The whole body is built: closing it here ends the request (request_finished) on the
            # thread that holds its database connection.
            body = result.content
            result.close()
            return *started[0], [body]
        # A streamed file (a document download): sent by the server, closed there.
        return *started[0], result

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return self._waiting

    def _enter(self, *, wait: bool) -> bool:
        limits = self.limits
        with self._condition:
            if self._running < limits.concurrency:
                self._running += 1
                return True
            if not wait or self._waiting >= limits.queue or limits.wait_seconds <= 0:
                return False
            self._waiting += 1
            try:
                deadline = time.monotonic() + limits.wait_seconds
                while self._running >= limits.concurrency:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return False
                    self._condition.wait(remaining)
                self._running += 1
                return True
            finally:
                self._waiting -= 1

    def _leave(self) -> None:
        with self._condition:
            self._running -= 1
            self._condition.notify()

    def _stale_copy(self, environ: Environ) -> tuple[str, list[tuple[str, str]], bytes] | None:
        if self.stale_copy is None:
            return None
        try:
            return self.stale_copy(environ)
        except Exception:  # a copy we cannot send is no reason to fail the request
            logger.exception("admission: the stale copy of %s could not be sent", environ.get("PATH_INFO"))
            return None

    def _refuse(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        self._note_refusal(environ)
        body = b"" if environ.get("REQUEST_METHOD") == "HEAD" else self.refusal_body
        start_response(
            "503 Service Unavailable",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Retry-After", str(self.limits.retry_after)),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]

    def _note_refusal(self, environ: Environ) -> None:
        # A flood is thousands of refusals a second: one line a minute says it is happening.
        with self._condition:
            self._refused += 1
            now = time.monotonic()
            if now - self._last_log < REFUSAL_LOG_EVERY_SECONDS:
                return
            self._last_log, refused, self._refused = now, self._refused, 0
        logger.warning(
            "busy: %d request(s) refused with 503 (%d running, %d waiting at most); latest %s %s",
            refused,
            self.limits.concurrency,
            self.limits.queue,
            environ.get("REQUEST_METHOD"),
            environ.get("PATH_INFO"),
        )


def _lower_priority() -> None:
    """A thread that renders yields the processor to the threads answering cached pages (Linux: per thread)."""
    nice = int(os.environ.get("KABAR_FULL_STACK_NICE", "10"))
    if nice > 0 and hasattr(os, "setpriority"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
        except OSError as error:
            logger.warning("admission: could not lower the render threads' priority: %s", error)


def _no_write(data: bytes) -> None:
    raise RuntimeError("Kabar's views return their body; the WSGI write() callable is not supported here")


def refusal_page(language: str) -> bytes:
    """The few bytes a refused request gets, in the site's language (built once, when serving starts)."""
    from django.utils import translation
    from django.utils.html import escape
    from django.utils.translation import gettext

    with translation.override(language):
        title = escape(gettext("The site is busy"))
        message = escape(gettext("Too many requests are being handled right now. Please try again in a few seconds."))
    return (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><p>{message}</p></body></html>"
    ).encode()
