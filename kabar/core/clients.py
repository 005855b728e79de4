"""The client's address: one rule for rate limits, comments and the audit log.

REMOTE_ADDR is the peer that opened the connection (`kabar serve` rewrites no address). X-Forwarded-For
is read only when that peer is one of our own proxies, listed in ``KABAR_FORWARDED_ALLOW_IPS``
(addresses or networks). Each proxy appends the address it was called from, so the header is walked
from the right: entries that are our proxies too are skipped, and the first one
that is not is the client. Anything further left is whatever the client claimed, never believed.

``*`` believes any peer (use it only when nothing but your proxy can reach Kabar's port): then
only the right-most entry is taken, the address that proxy saw.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_address(value: str) -> str | None:
    """A textual IP address in its normal form, or None; a port some proxies add (`1.2.3.4:5678`) is dropped."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[bool, tuple[Network, ...]]:
    networks = []
    for entry in entries:
        if entry == "*":
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            logger.error("KABAR_FORWARDED_ALLOW_IPS: %r is not an address or network; ignored", entry)
    return "*" in entries, tuple(networks)


def trusted_proxies(entries: Iterable[str] | None = None) -> tuple[bool, tuple[Network, ...]]:
    """(any peer is believed, the proxies' networks) from KABAR_FORWARDED_ALLOW_IPS."""
    if entries is None:
        entries = getattr(settings, "KABAR_FORWARDED_ALLOW_IPS", ["127.0.0.1"])
    return _networks(tuple(entry.strip() for entry in entries if entry.strip()))


def _is_proxy(address: str, networks: tuple[Network, ...]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks if network.version == ip.version)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, by the rule above; None when there is no request or no readable peer."""
    if request is None:
        return None
    peer = parse_address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    any_peer, networks = trusted_proxies()
    if not (any_peer or _is_proxy(peer, networks)):
        return peer
    hops = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if any_peer and not _is_proxy(peer, networks):
        # Whoever connects is believed, for one hop only: the address it says it saw.
        hops = hops[-1:]
    address = peer
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            # Our own proxy wrote something unreadable: count the request against the peer, not a guess.
            logger.warning("unreadable X-Forwarded-For entry %r; using the peer %s", hop.strip()[:100], peer)
            return peer
        if not _is_proxy(address, networks):
            return address
    # Every hop was one of ours (a health check from the proxy itself, say): the left-most is the nearest client.
    return address
