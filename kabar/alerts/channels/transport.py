"""One asyncio loop on a thread of its own, with one pooled aiohttp session, for a whole send.

The delivery loop stays synchronous (Django's ORM is), hands coroutines to this loop and gets
futures back, so deliveries are marked and recorded while others are on the wire. The loop has its
own thread so this works from any caller, even one already inside an event loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from typing import TypeVar

import aiohttp

T = TypeVar("T")


class Transport:
    def __init__(self, concurrency: int, timeout: float) -> None:
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="kabar-alerts-transport", daemon=True)
        self.thread.start()
        self.session: aiohttp.ClientSession = self.call(self._open)
        self.limit = asyncio.Semaphore(self.concurrency)

    async def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self.concurrency, limit_per_host=self.concurrency, ttl_dns_cache=300, enable_cleanup_closed=True
        )
        return aiohttp.ClientSession(
            connector=connector,
            timeout=aiohttp.ClientTimeout(total=self.timeout, connect=min(self.timeout, 5)),
            # Nothing from a push service is worth decompressing, and nothing is kept.
            auto_decompress=False,
            # No cookies: a push service must not be able to set state that rides along to another.
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    def call(self, function: Callable[[], Awaitable[T]]) -> T:
        """Run one coroutine on the loop and wait for it."""
        return asyncio.run_coroutine_threadsafe(function(), self.loop).result()

    def submit(self, make: Callable[[aiohttp.ClientSession], Awaitable[T]]) -> Future[T]:
        """Start one coroutine, at most `concurrency` running at a time; the future gives its result."""

        async def limited() -> T:
            async with self.limit:
                return await make(self.session)

        return asyncio.run_coroutine_threadsafe(limited(), self.loop)

    def close(self) -> None:
        if not self.loop.is_running():
            return

        async def shut() -> None:
            await self.session.close()

        try:
            self.call(shut)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            self.loop.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
