"""Answering public pages from the cache.

Two doors, one policy and one store:

- `CachedPages` wraps the WSGI application (kabar/wsgi.py). A fresh page is sent straight from the
  store, before Django builds a request or runs a middleware: no sessions, auth, CSRF, routing or
  database. This is the hot path of a breaking story.
- `PageCacheMiddleware`, first in MIDDLEWARE, does everything else: fresh hits when there is no
  wrapper (the test client, runserver), and every stale or missing page. One request (the holder
  of the page's lock) renders it while the others get the previous copy; a render that fails on
  the database hands out the previous copy instead of an error (stale-if-error).
"""

from __future__ import annotations

import hashlib
import logging
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.http import http_date, parse_http_date_safe

from kabar.delivery.pagecache.keys import collecting
from kabar.delivery.pagecache.policy import SITE_KEY, PageKey, Policy, current, not_modified
from kabar.delivery.pagecache.stores import Entry, PageStore, get_store

logger = logging.getLogger(__name__)

# The database is down or gone, as opposed to a bug in a view: the previous copy is still right.
DATABASE_DOWN = (OperationalError, InterfaceError)
LOOKUP = "kabar.pagecache.lookup"
DATABASE_ERROR = "kabar.pagecache.database_error"
# Said on each response, never stored.
PER_RESPONSE_HEADERS = frozenset({"age", "x-cache", "date", "connection", "set-cookie", "transfer-encoding"})
# What a 304 repeats of the full response (RFC 9110 section 15.4.5), plus the keys and variant.
NOT_MODIFIED_HEADERS = frozenset(
    {"cache-control", "etag", "last-modified", "vary", "expires", "content-location", "x-kabar-variant"}
)
# Set on a permanent redirect whose target the page's surrogate keys follow (`shareable_redirect`).
SHAREABLE = "kabar_shareable_redirect"
WAIT_STEP_SECONDS = 0.02
STORE_WARNING_EVERY_SECONDS = 60.0

WSGIApplication = Callable[[dict, Callable], Iterable[bytes]]
Redirect = TypeVar("Redirect", bound=HttpResponseBase)


# --- answering from an entry ------------------------------------------------------------------


def entry_response(entry: Entry, environ: dict, verdict: str, policy: Policy) -> tuple[str, list, bytes]:
    """Status line, headers and body for a stored page: HIT or STALE, or a 304 for a conditional GET."""
    headers = entry.headers
    if verdict == "STALE":
        stale_control = policy.cache_control(entry.variant, stale=True)
        headers = [(n, stale_control if n.lower() == "cache-control" else v) for n, v in headers]
    extra = [("Age", str(max(0, int(time.time() - entry.stored_at)))), ("X-Cache", verdict)]
    if entry.status.startswith("200") and not_modified(environ, entry.etag, entry.last_modified):
        kept = NOT_MODIFIED_HEADERS | {name.lower() for name in policy.surrogate_headers}
        return "304 Not Modified", [(n, v) for n, v in headers if n.lower() in kept] + extra, b""
    body = b"" if environ.get("REQUEST_METHOD") == "HEAD" else entry.body
    return entry.status, headers + extra, body


def django_response(entry: Entry, request: HttpRequest, verdict: str, policy: Policy) -> HttpResponse:
    status, headers, body = entry_response(entry, request.META, verdict, policy)
    response = HttpResponse(body, status=int(status.split(" ", 1)[0]))
    del response["Content-Type"]
    for name, value in headers:
        response[name] = value
    return response


# --- the WSGI door ----------------------------------------------------------------------------


class CachedPages:
    """Wraps Kabar's WSGI application: fresh cached pages never reach Django."""

    def __init__(self, application: WSGIApplication) -> None:
        self.application = application

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        policy = current()
        if policy.enabled:
            key = policy.page_key(environ)
            if key is not None:
                try:
                    entry, fresh = get_store().lookup(key.id)
                except Exception as error:  # a cache that is down must not take the site with it
                    _store_unavailable(error)
                else:
                    if fresh:
                        status, headers, body = entry_response(entry, environ, "HIT", policy)
                        start_response(status, headers)
                        return [body]
                    # Saves the middleware a second lookup.
                    environ[LOOKUP] = (key, entry)
        return self.application(environ, start_response)


def stored_copy(environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes] | None:
    """The stale copy `CachedPages` found for this request, as it would be sent; None when it found none.

    For a request turned away before Django (kabar/delivery/admission.py): a stale page beats a 503.
    """
    found = environ.get(LOOKUP)
    if found is None or found[1] is None:
        return None
    return entry_response(found[1], environ, "STALE", current())


# --- the middleware door ----------------------------------------------------------------------


class PageCacheMiddleware:
    """First in MIDDLEWARE: serves cached pages, renders each missing or stale one once, stores it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        policy = current()
        found = request.META.pop(LOOKUP, None)
        if not policy.enabled:
            return self.get_response(request)
        try:
            store = get_store()
            if found is not None:
                key, entry = found
            else:
                key = policy.page_key(request.META)
                if key is None:
                    return self.get_response(request)
                entry, fresh = store.lookup(key.id)
                if fresh:
                    return django_response(entry, request, "HIT", policy)
        except Exception as error:
            _store_unavailable(error)
            return self.get_response(request)
        # Views and slots render the variant the page is stored under, never another.
        request.kabar_variant = key.variant
        return self._render_once(request, key, entry, policy, store)

    def _render_once(
        self, request: HttpRequest, key: PageKey, previous: Entry | None, policy: Policy, store: PageStore
    ) -> HttpResponseBase:
        try:
            owns_lock = store.try_lock(key.id, policy.lock_seconds)
        except Exception as error:
            # A full disk or a store gone away: the copy we hold is better than a render that may
            # fail for the same reason, and than every request rendering at once without the lock.
            _store_unavailable(error)
            if previous is not None:
                return _stale_after_store_error(previous, request, policy, key, error)
            return self.get_response(request)
        if not owns_lock:
            if previous is not None:
                return django_response(previous, request, "STALE", policy)
            try:
                waited, owns_lock = self._wait_for_render(key, policy, store)
            except Exception as error:
                _store_unavailable(error)
                return self.get_response(request)
            if waited is not None:
                entry, fresh = waited
                return django_response(entry, request, "HIT" if fresh else "STALE", policy)
        if owns_lock:
            # The previous holder may have stored the page and let go between our look and our lock.
            try:
                entry, fresh = store.lookup(key.id)
            except Exception as error:
                _store_unavailable(error)
                if previous is not None:
                    _unlock(store, key)
                    return _stale_after_store_error(previous, request, policy, key, error)
                entry, fresh = None, False
            if fresh:
                _unlock(store, key)
                return django_response(entry, request, "HIT", policy)
            previous = entry or previous
        try:
            try:
                since: int | None = store.purge_count()
            except Exception as error:
                _store_unavailable(error)
                if previous is not None:
                    return _stale_after_store_error(previous, request, policy, key, error)
                since = None
            with collecting() as keys:
                response = self.get_response(request)
            # One line per render the page cache let through: how often a page is really rendered
            # (renders per purge, bench/parts/purge.py) is counted from these.
            logger.info("rendered %s %s", key.path, key.variant)
            if request.META.get(DATABASE_ERROR) and previous is not None:
                # The other requests keep getting the copy for a while instead of each trying the database.
                if owns_lock and policy.error_retry_seconds > 0:
                    owns_lock = False
                    try:
                        store.hold_lock(key.id, policy.error_retry_seconds)
                    except Exception as error:
                        _store_unavailable(error)
                logger.warning("database unavailable: serving the stored copy of %s", key.path)
                return django_response(previous, request, "STALE", policy)
            if since is None or why_not_stored(request, response) is not None:
                response["X-Cache"] = "PASS"
                return response
            try:
                entry = self._store(request, response, key, keys, policy, store, since)
            except Exception as error:
                _store_unavailable(error)
                return response
            response["X-Cache"] = "MISS"
            if not_modified(request.META, entry.etag, entry.last_modified):
                return django_response(entry, request, "MISS", policy)
            return response
        finally:
            if owns_lock:
                _unlock(store, key)

    def _wait_for_render(
        self, key: PageKey, policy: Policy, store: PageStore
    ) -> tuple[tuple[Entry, bool] | None, bool]:
        """Another request is rendering a page not stored yet: wait for it rather than render again."""
        deadline = time.monotonic() + policy.wait_seconds
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP_SECONDS)
            entry, fresh = store.lookup(key.id)
            if entry is not None:
                return (entry, fresh), False
            if store.try_lock(key.id, policy.lock_seconds):
                return None, True  # the other render stored nothing (or died): this one renders
        return None, False

    def _store(
        self,
        request: HttpRequest,
        response: HttpResponse,
        key: PageKey,
        keys: set[str],
        policy: Policy,
        store: PageStore,
        since: int,
    ) -> Entry:
        now = time.time()
        all_keys = tuple(sorted(keys | {SITE_KEY}))
        response["Cache-Control"] = policy.cache_control(key.variant)
        for name, value in policy.surrogate_key_headers(all_keys):
            response[name] = value
        response["X-Kabar-Variant"] = key.variant
        if not response.has_header("ETag"):
            response["ETag"] = '"' + hashlib.blake2b(response.content, digest_size=12).hexdigest() + '"'
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(now)
        entry = Entry(
            status=f"{response.status_code} {response.reason_phrase}",
            headers=[(n, v) for n, v in response.items() if n.lower() not in PER_RESPONSE_HEADERS],
            body=response.content,
            keys=all_keys,
            etag=response["ETag"],
            last_modified=float(parse_http_date_safe(response["Last-Modified"]) or now),
            variant=key.variant,
            stored_at=now,
            fresh_until=now + policy.fresh_seconds,
            keep_until=now + policy.keep_seconds,
        )
        store.save(key.id, entry, since)
        return entry


def shareable_redirect(response: Redirect) -> Redirect:
    """Let the page cache store this permanent redirect like a page: the view has named, with
    add_keys, what would change its target, so a purge of that key renders it again. An old link
    then keeps redirecting from the stored copy, the database down or not."""
    setattr(response, SHAREABLE, True)
    return response


# --- what is never stored ---------------------------------------------------------------------

_reported: set[tuple[str, str]] = set()


def why_not_stored(request: HttpRequest, response: HttpResponseBase) -> str | None:
    """None when the response may be stored and shared; otherwise the reason it may not."""
    if request.method != "GET" or response.streaming:
        return "not a complete 200 answer to a GET"
    if response.status_code != 200 and not (response.status_code == 301 and getattr(response, SHAREABLE, False)):
        return "not a complete 200 answer to a GET"
    if response.has_header("Cache-Control"):
        return "the view chose its own Cache-Control"
    vary = {token.strip().lower() for token in response.get("Vary", "").split(",") if token.strip()}
    if response.cookies or "cookie" in vary:
        # A public page that sets or reads a cookie would hand one reader's state to everyone.
        # Nothing is stripped to make it fit: the page is served uncached, and said once.
        reason = "it sets a cookie" if response.cookies else "it varies on Cookie (it used the session)"
        _report_once(request.path, reason)
        return reason
    if vary - {"accept-encoding"}:
        _report_once(request.path, f"it varies on {', '.join(sorted(vary))}")
        return "it varies"
    return None


def _report_once(path: str, reason: str) -> None:
    if (path, reason) in _reported or len(_reported) > 1000:
        return
    _reported.add((path, reason))
    logger.warning("public page %s is not cached: %s", path, reason)


def _unlock(store: PageStore, key: PageKey) -> None:
    try:
        store.unlock(key.id)
    except Exception as error:
        _store_unavailable(error)


def _stale_after_store_error(
    previous: Entry, request: HttpRequest, policy: Policy, key: PageKey, error: Exception
) -> HttpResponse:
    logger.warning("page cache failed (%s): serving the stored copy of %s", error, key.path)
    return django_response(previous, request, "STALE", policy)


_last_store_warning = 0.0


def _store_unavailable(error: Exception) -> None:
    global _last_store_warning
    now = time.monotonic()
    if now - _last_store_warning >= STORE_WARNING_EVERY_SECONDS:
        _last_store_warning = now
        logger.warning("page cache unavailable, serving without it: %s", error)


def _note_database_error(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    # Django turns a view's exception into a 500 response before the middleware sees it; this
    # signal fires while the exception is being handled, so it can still be told apart.
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_DOWN):
        request.META[DATABASE_ERROR] = True


got_request_exception.connect(_note_database_error, dispatch_uid="kabar.delivery.pagecache.database_error")
