"""Fetching an agency feed over HTTP without letting the feed's URL reach where it should not.

Every hop (the URL and each redirect) is checked the same way before a byte is sent:

- only http and https;
- the host is resolved once and the connection goes to that very address (no second DNS
  answer can swap in another), refused if any address is loopback, private, link-local,
  multicast or reserved, unless the feed allows its private network;
- link-local (cloud metadata services), multicast, unspecified and reserved addresses are
  refused even then;
- at most five redirects, followed by hand; credentials are not sent on to another host;
- connect and read timeouts, an overall deadline, and a size cap counted while streaming;
- conditional GET: ETag / If-None-Match and Last-Modified / If-Modified-Since (304 = nothing new).
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from django.conf import settings

if TYPE_CHECKING:
    from kabar.wire.models import WireFeed

MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024
USER_AGENT = "Kabar-wire/1.0 (+https://github.com/kabar)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/vnd.iptc.g2.newsmessage+xml, "
    "application/vnd.iptc.g2.newsitem+xml, application/json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)


class FetchError(Exception):
    """The feed could not be fetched; the message says why, for the feed's "last error"."""


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch_timeout() -> float:
    return float(getattr(settings, "KABAR_WIRE_FETCH_TIMEOUT", 10))


def max_fetch_bytes() -> int:
    return int(getattr(settings, "KABAR_WIRE_MAX_BYTES", 20 * 1024 * 1024))


def auth_headers(feed: WireFeed) -> dict[str, str]:
    kind = feed.auth_kind
    if kind == "basic":
        pair = f"{feed.username}:{feed.password}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
    if kind == "bearer":
        return {"Authorization": f"Bearer {feed.token}"}
    if kind == "api_key_header" and feed.api_key_header:
        return {feed.api_key_header: feed.token}
    return {}


def _address_refusal(address: str, allow_private_network: bool) -> str:
    """Why Kabar will not connect to `address`, or '' if it will."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_link_local:
        return f"{ip} is a link-local address (such as a cloud metadata service)"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved or str(ip) == "255.255.255.255":
        return f"{ip} is not an address a feed can be on"
    if ip.is_loopback or ip.is_private or not ip.is_global:
        if allow_private_network:
            return ""
        return f"{ip} is a private or loopback address; the feed does not allow its private network"
    return ""


def resolve(host: str, port: int, allow_private_network: bool) -> str:
    """The one address to connect to for host:port, after checking every address the name resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(f"cannot resolve {host}: {error.strerror or error}") from error
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError(f"{host} has no address")
    for address in addresses:
        refusal = _address_refusal(address, allow_private_network)
        if refusal:
            raise FetchError(f"refused {host}: {refusal}")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address already checked, never to a fresh DNS answer for the host."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self.ssl_context = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.ssl_context)
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        # Certificate and SNI are for the host name, as the URL said.
        self.sock = self.ssl_context.wrap_socket(sock, server_hostname=self.host)


def fetch(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    etag: str = "",
    last_modified: str = "",
    allow_private_network: bool = False,
    timeout: float | None = None,
    max_bytes: int | None = None,
) -> FetchResult:
    """GET `url` under the rules above; FetchError with a plain reason when anything is refused or fails."""
    timeout = fetch_timeout() if timeout is None else timeout
    max_bytes = max_fetch_bytes() if max_bytes is None else max_bytes
    deadline = time.monotonic() + timeout * 3
    origin = _origin(url)
    seen: set[str] = set()
    for _hop in range(MAX_REDIRECTS + 1):
        if url in seen:
            raise FetchError(f"redirect loop at {url}")
        seen.add(url)
        request_headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "identity"}
        # Credentials and validators belong to the feed's own host, not to wherever it redirects.
        if _origin(url) == origin:
            request_headers.update(headers or {})
            if etag:
                request_headers["If-None-Match"] = etag
            if last_modified:
                request_headers["If-Modified-Since"] = last_modified
        status, response_headers, body = _get_once(
            url, request_headers, allow_private_network, timeout, max_bytes, deadline
        )
        if status in REDIRECT_STATUSES:
            location = response_headers.get("location")
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location header")
            url = urljoin(url, location)
            continue
        if status == 304:
            return FetchResult(url, 304, etag=etag, last_modified=last_modified)
        if status != 200:
            raise FetchError(f"HTTP {status} from {urlsplit(url).hostname}")
        return FetchResult(
            url,
            status,
            body,
            content_type=response_headers.get("content-type", ""),
            etag=response_headers.get("etag", ""),
            last_modified=response_headers.get("last-modified", ""),
        )
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return parts.scheme, parts.hostname, port


def _get_once(
    url: str, headers: dict[str, str], allow_private_network: bool, timeout: float, max_bytes: int, deadline: float
) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or 'a relative URL'}")
    if not parts.hostname:
        raise FetchError(f"the URL {url!r} has no host")
    if parts.username or parts.password:
        raise FetchError("put credentials in the feed's authentication settings, not in its URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchError(f"bad port in {url!r}") from error
    address = resolve(parts.hostname, port, allow_private_network)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(parts.hostname, port, address, timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response_headers = {name.lower(): value for name, value in response.getheaders()}
        if response.status != 200:
            return response.status, response_headers, b""
        length = response_headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise FetchError(f"the document is {length} bytes, over the {max_bytes}-byte limit")
        chunks: list[bytes] = []
        received = 0
        while True:
            if time.monotonic() > deadline:
                raise FetchError(f"timed out: the download took longer than {timeout * 3:.0f} s")
            chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
            if not chunk:
                break
            received += len(chunk)
            if received > max_bytes:
                raise FetchError(f"the document is over the {max_bytes}-byte limit")
            chunks.append(chunk)
        return response.status, response_headers, b"".join(chunks)
    except TimeoutError as error:
        raise FetchError(f"timed out after {timeout:g} s waiting for {parts.hostname}") from error
    except ssl.SSLError as error:
        raise FetchError(f"TLS error with {parts.hostname}: {error.reason or error}") from error
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(f"connection to {parts.hostname} failed: {error}") from error
    finally:
        connection.close()
