"""Varnish with the xkey module (deploy/varnish/kabar.vcl): `PURGE /` with the keys in a header."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator

from kabar.delivery.frontcaches import PurgeFailed

# Varnish refuses request headers longer than http_req_hdr_len (8 KB by default).
MAX_HEADER_BYTES = 4000


class Varnish:
    name = "varnish"

    def __init__(self, urls: list[str], timeout: float = 5.0) -> None:
        self.urls = [url.rstrip("/") + "/" for url in urls]
        self.timeout = timeout

    def purge(self, keys: list[str], hard: bool) -> None:
        # A soft purge keeps the old object in grace: served while Varnish fetches the new one,
        # and while Kabar is down. An unpublished article must not be, so that purge is hard.
        header = "xkey-purge" if hard else "xkey-softpurge"
        failures = []
        for url in self.urls:
            for batch in batches(keys, MAX_HEADER_BYTES):
                request = urllib.request.Request(url, method="PURGE", headers={header: " ".join(batch)})  # noqa: S310 - configured http(s) URLs
                try:
                    with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                        response.read()
                except (urllib.error.URLError, OSError) as error:
                    failures.append(f"{url}: {error}")
                    break
        if failures:
            raise PurgeFailed("; ".join(failures))


def batches(keys: list[str], max_bytes: int) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for key in keys:
        if batch and size + len(key) + 1 > max_bytes:
            yield batch
            batch, size = [], 0
        batch.append(key)
        size += len(key) + 1
    if batch:
        yield batch
