"""What the page cache stores and how long: cacheable requests, their key and variant, HTTP headers.

Everything here works on the WSGI environ (a Django request's META is one), so the WSGI wrapper
and the middleware compute the same key for the same request without building a Django request.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.signals import setting_changed
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.utils.http import parse_etags, parse_http_date_safe

from kabar.delivery.variants import COOKIE_NAME, MEMBER, READER, read_member_cookie

# Paths that are never public pages: the admin, a reader's own pages (account, comments, push, Kabar+
# checkout), counters and write endpoints, files.
DEFAULT_EXCLUDED_PATHS = (
    "/admin/",
    "/django-admin/",
    "/akun/",
    "/komentar/",
    "/push/",
    "/kabarplus/",
    "/iklan/",
    "/api/",
    "/hit/",
    "/healthz",
    "/static/",
    "/media/",
    "/documents/",
)
# Parameters that change what a public page shows; any other parameter makes a request uncacheable.
DEFAULT_QUERY_PARAMS = ("page", "q", "sebelum", "urutan")
# Parameters added by share links and newsletters that no view reads: left out of the cache key,
# so a breaking story shared with ?utm_source=... or ?fbclid=... is still one cached page.
DEFAULT_IGNORED_PARAMS = ("utm_*", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_ga")
DEFAULT_SURROGATE_HEADERS = ("xkey", "Surrogate-Key", "Cache-Tag")
# How a header carries several keys: Varnish's xkey and Fastly's Surrogate-Key separate them with
# spaces, Cloudflare's Cache-Tag with commas.
SURROGATE_SEPARATORS = {"xkey": " ", "surrogate-key": " ", "cache-tag": ","}
SITE_KEY = "site"


@dataclass(frozen=True, slots=True)
class PageKey:
    """One cached page: a path with its meaningful query, in one variant."""

    id: str
    variant: str
    path: str
    query: str


@dataclass(frozen=True)
class Policy:
    enabled: bool
    fresh_seconds: int
    browser_max_age: int
    shared_max_age: int
    stale_while_revalidate: int
    stale_if_error: int
    lock_seconds: int
    error_retry_seconds: int
    wait_seconds: float
    excluded_paths: tuple[str, ...]
    query_params: frozenset[str]
    ignored_params: frozenset[str]
    ignored_prefixes: tuple[str, ...]
    surrogate_headers: tuple[str, ...]
    allowed_hosts: tuple[str, ...]
    ssl_redirect: bool
    proxy_ssl_header: tuple[str, str] | None

    @property
    def keep_seconds(self) -> int:
        """How long a page is kept after it was stored: fresh, then stale for revalidation or errors."""
        return self.fresh_seconds + max(self.stale_while_revalidate, self.stale_if_error)

    # --- requests -------------------------------------------------------------------------

    def page_key(self, environ: dict) -> PageKey | None:
        """The cache key of a GET or HEAD for a public page, or None when the request is not cacheable."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        path = environ.get("PATH_INFO") or "/"
        if path.startswith(self.excluded_paths):
            return None
        query = environ.get("QUERY_STRING", "")
        if query:
            query = self.cache_query(query)
            if query is None:
                return None
        if not self.host_allowed(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")):
            return None
        if self.ssl_redirect and not self.is_secure(environ):
            return None  # Django's SecurityMiddleware answers with its redirect
        variant = variant_for_cookies(environ.get("HTTP_COOKIE", ""))
        digest = hashlib.blake2b(f"{variant}\n{path}\n{query}".encode(errors="surrogateescape"), digest_size=16)
        return PageKey(digest.hexdigest(), variant, path, query)

    def cache_query(self, query: str) -> str | None:
        """The query string as the cache key holds it: known parameters sorted, tracking ones dropped."""
        kept = []
        for name, value in parse_qsl(query, keep_blank_values=True):
            if name in self.query_params:
                kept.append((name, value))
            elif name in self.ignored_params or name.startswith(self.ignored_prefixes):
                continue
            else:
                return None
        return urlencode(sorted(kept))

    def host_allowed(self, host: str) -> bool:
        return _host_allowed(host, self.allowed_hosts)

    def is_secure(self, environ: dict) -> bool:
        if environ.get("wsgi.url_scheme") == "https":
            return True
        if self.proxy_ssl_header is not None:
            header, value = self.proxy_ssl_header
            return environ.get(header, "").split(",")[0].strip() == value
        return False

    # --- responses ------------------------------------------------------------------------

    def cache_control(self, variant: str, *, stale: bool = False) -> str:
        """Cache-Control of a cached public page.

        A member's page is private: a CDN that does not key on the Kabar+ cookie must never hand
        it to readers (Varnish, which does, caches it anyway; see deploy/varnish/kabar.vcl). A stale
        copy says s-maxage=0, so a cache in front revalidates it at once instead of keeping it
        fresh for minutes.
        """
        max_age = 0 if stale else self.browser_max_age
        if variant == MEMBER:
            return f"private, max-age={max_age}"
        shared = 0 if stale else self.shared_max_age
        return (
            f"public, max-age={max_age}, s-maxage={shared}, "
            f"stale-while-revalidate={self.stale_while_revalidate}, stale-if-error={self.stale_if_error}"
        )

    def surrogate_key_headers(self, keys: set[str] | frozenset[str] | tuple[str, ...]) -> list[tuple[str, str]]:
        ordered = sorted(keys)
        return [
            (name, SURROGATE_SEPARATORS.get(name.lower(), " ").join(ordered))
            for name in self.surrogate_headers
            if ordered
        ]


def variant_for_cookies(cookie_header: str) -> str:
    """ "member" only for a verified, unexpired Kabar+ cookie; anything else is a reader."""
    if not cookie_header or COOKIE_NAME not in cookie_header:
        return READER
    cookie = read_member_cookie(parse_cookie(cookie_header).get(COOKIE_NAME))
    if cookie is not None and cookie.until.timestamp() > time.time():
        return MEMBER
    return READER


def not_modified(environ: dict, etag: str, last_modified: float) -> bool:
    """RFC 9110 section 13.2.2 for GET and HEAD: If-None-Match wins over If-Modified-Since."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        wanted = parse_etags(if_none_match)
        if wanted == ["*"]:
            return True
        # Weak comparison: a W/ prefix does not matter for GET.
        return _opaque(etag) in {_opaque(tag) for tag in wanted}
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since:
        since = parse_http_date_safe(if_modified_since)
        return since is not None and int(last_modified) <= since
    return False


def _opaque(etag: str) -> str:
    return etag[2:] if etag.startswith("W/") else etag


@cache
def _host_allowed(host: str, allowed_hosts: tuple[str, ...]) -> bool:
    # Memoised: the hit path answers before Django, so it checks the Host header itself, cheaply.
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, list(allowed_hosts))


def _setting(name: str, default: object) -> object:
    return getattr(settings, name, default)


_current: Policy | None = None


def current() -> Policy:
    """The policy from settings, built once (rebuilt when a test overrides a setting)."""
    global _current
    if _current is None:
        ignored = tuple(_setting("KABAR_PAGE_CACHE_IGNORED_PARAMS", DEFAULT_IGNORED_PARAMS))
        _current = Policy(
            enabled=bool(_setting("KABAR_PAGE_CACHE_ENABLED", True)),
            fresh_seconds=int(_setting("KABAR_PAGE_CACHE_SECONDS", 60)),
            browser_max_age=int(_setting("KABAR_CACHE_MAX_AGE", 0)),
            shared_max_age=int(_setting("KABAR_CACHE_S_MAXAGE", 300)),
            stale_while_revalidate=int(_setting("KABAR_CACHE_STALE_WHILE_REVALIDATE", 30)),
            stale_if_error=int(_setting("KABAR_CACHE_STALE_IF_ERROR", 86400)),
            lock_seconds=int(_setting("KABAR_PAGE_CACHE_LOCK_SECONDS", 30)),
            error_retry_seconds=int(_setting("KABAR_PAGE_CACHE_ERROR_RETRY_SECONDS", 5)),
            wait_seconds=float(_setting("KABAR_PAGE_CACHE_WAIT_SECONDS", 5)),
            excluded_paths=tuple(_setting("KABAR_PAGE_CACHE_EXCLUDED_PATHS", DEFAULT_EXCLUDED_PATHS)),
            query_params=frozenset(_setting("KABAR_PAGE_CACHE_QUERY_PARAMS", DEFAULT_QUERY_PARAMS)),
            ignored_params=frozenset(p for p in ignored if not p.endswith("*")),
            ignored_prefixes=tuple(p[:-1] for p in ignored if p.endswith("*")),
            surrogate_headers=tuple(_setting("KABAR_SURROGATE_KEY_HEADERS", DEFAULT_SURROGATE_HEADERS)),
            allowed_hosts=tuple(settings.ALLOWED_HOSTS),
            ssl_redirect=bool(_setting("SECURE_SSL_REDIRECT", False)),
            proxy_ssl_header=_setting("SECURE_PROXY_SSL_HEADER", None),
        )
    return _current


def _reset(**kwargs: object) -> None:
    global _current
    _current = None


setting_changed.connect(_reset, dispatch_uid="kabar.delivery.pagecache.policy.reset")
