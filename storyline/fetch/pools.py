"""One small connection pool per origin, instead of one large pool for every host.

httpcore's connection pool scans all its connections, and for each one counts the idle ones
again, whenever a request starts or ends: quadratic in the pool's size, which a crawler of
many hosts must make large to keep its connections alive. That scan was a third of the
fetcher's CPU per request with 20 hosts. A crawler's requests to one host are few at a time
anyway (politeness, see :mod:`.politeness`), so a pool per origin stays tiny, keeps each
host's connections alive for its next request, and costs the same per request however many
hosts a crawl visits.

The pools of origins not used lately are closed once more than ``max_origins`` exist, so a
crawl of thousands of hosts does not keep thousands of sockets open; a pool with a request
in flight is never closed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx

Origin = tuple[bytes, bytes, int | None]


@dataclass
class _Pool:
    transport: httpx.BaseTransport
    active: int = 0
    """Requests whose response is not closed yet."""


class HostPools(httpx.BaseTransport):
    """An httpx transport that hands each request to its origin's own transport, made by
    ``make_pool(scheme)`` on first use (with the guard, limits and TLS context it needs)."""

    def __init__(
        self, make_pool: Callable[[str], httpx.BaseTransport], *, max_origins: int = 64
    ) -> None:
        self._make_pool = make_pool
        self.max_origins = max(1, max_origins)
        self._pools: OrderedDict[Origin, _Pool] = OrderedDict()
        self._lock = threading.Lock()
        self._closed = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        pool = self._check_out(request.url.raw_scheme, request.url.raw_host, request.url.port)
        try:
            response = pool.transport.handle_request(request)
        except BaseException:
            self._check_in(pool)
            raise
        stream = response.stream
        assert isinstance(stream, httpx.SyncByteStream)
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_Released(stream, lambda: self._check_in(pool)),
            extensions=response.extensions,
        )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pools = list(self._pools.values())
            self._pools.clear()
        for pool in pools:
            pool.transport.close()

    @property
    def origins(self) -> int:
        """How many origins have a pool now (tests, diagnostics)."""
        with self._lock:
            return len(self._pools)

    def _check_out(self, scheme: bytes, host: bytes, port: int | None) -> _Pool:
        """The origin's pool, marked busy; pools of origins not used lately are closed."""
        with self._lock:
            if self._closed:
                raise httpx.TransportError("the fetcher's connections are closed")
            origin = (scheme.lower(), host.lower(), port)
            pool = self._pools.get(origin)
            if pool is None:
                pool = self._pools[origin] = _Pool(self._make_pool(origin[0].decode("ascii")))
            self._pools.move_to_end(origin)
            pool.active += 1
            idle = self._surplus()
        for old in idle:
            old.transport.close()
        return pool

    def _check_in(self, pool: _Pool) -> None:
        with self._lock:
            pool.active -= 1

    def _surplus(self) -> list[_Pool]:
        """Idle pools beyond ``max_origins``, least recently used first (lock held)."""
        excess = len(self._pools) - self.max_origins
        if excess <= 0:
            return []
        idle = [origin for origin, pool in self._pools.items() if pool.active == 0][:excess]
        return [self._pools.pop(origin) for origin in idle]


class _Released(httpx.SyncByteStream):
    """A response body that tells its pool when it is closed (the connection is free)."""

    def __init__(self, stream: httpx.SyncByteStream, release: Callable[[], None]) -> None:
        self._stream = stream
        self._release: Callable[[], None] | None = release

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        try:
            self._stream.close()
        finally:
            release, self._release = self._release, None
            if release is not None:
                release()
