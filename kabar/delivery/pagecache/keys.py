"""The surrogate keys of the page being built: whatever renders it names what it shows.

The page cache opens a collection around each cacheable render; the queries and views that put
an article, a section or a person on the page add its key (names in kabar.delivery.purge). The keys
go out as the xkey / Surrogate-Key / Cache-Tag headers and index the page in Kabar's own cache,
so a purge of ``article:42`` finds every page that showed article 42.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# A context variable, not a request attribute: queries that list articles never see the request.
_collected: ContextVar[set[str] | None] = ContextVar("kabar_surrogate_keys", default=None)


def add_keys(*keys: str) -> None:
    """Name things the page being rendered shows; a no-op outside a cacheable render."""
    collected = _collected.get()
    if collected is not None:
        collected.update(key for key in keys if key)


@contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect the keys added while the block runs (a render), in a set of their own."""
    keys: set[str] = set()
    token = _collected.set(keys)
    try:
        yield keys
    finally:
        _collected.reset(token)
