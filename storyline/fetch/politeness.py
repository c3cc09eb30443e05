"""Per-host politeness: at most N requests in flight to one host, and a delay between them.

A news site is somebody else's server. Whatever the number of worker threads, each host sees
at most ``concurrency`` requests at a time, and request starts at least ``delay`` seconds
apart; with concurrency 1 the delay is counted from the end of the previous response, so
the gap the server sees is never shorter than the delay however slow the network. A server
that answers 429/503 with Retry-After pushes the host's next slot back for every thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class HostGate:
    """The politeness state of one host, shared by all threads."""

    def __init__(self, *, concurrency: int, delay: float) -> None:
        self.concurrency = max(1, concurrency)
        self.delay = max(0.0, delay)
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._lock = threading.Lock()
        self._next_start = 0.0
        self._last_start = float("-inf")
        self._last_end = float("-inf")

    @contextmanager
    def slot(self, deadline: float | None = None) -> Iterator[None]:
        """Hold one of the host's request slots, starting no earlier than the delay allows.

        Raises TimeoutError if the slot could not start before ``deadline`` (monotonic).
        """
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not self._slots.acquire(timeout=timeout if timeout is not None else -1):
            raise TimeoutError("waited too long for a politeness slot")
        try:
            with self._lock:
                start = max(time.monotonic(), self._next_start)
                self._next_start = start + self.delay
                self._last_start = start
            if deadline is not None and start > deadline:
                raise TimeoutError("waited too long for a politeness slot")
            _sleep_until(start)
            try:
                yield
            finally:
                with self._lock:
                    self._last_end = time.monotonic()
                    if self.concurrency == 1:
                        self._next_start = max(self._next_start, self._last_end + self.delay)
        finally:
            self._slots.release()

    def back_off(self, seconds: float) -> None:
        """Start no request to this host for ``seconds`` (the server asked us to wait)."""
        with self._lock:
            self._next_start = max(self._next_start, time.monotonic() + seconds)

    def slow_down(self, delay: float) -> None:
        """Raise the delay (robots.txt Crawl-delay), never lower it."""
        with self._lock:
            if delay > self.delay:
                self.delay = delay
                last = self._last_end if self.concurrency == 1 else self._last_start
                self._next_start = max(self._next_start, last + delay)


class Politeness:
    """One :class:`HostGate` per host name, created on first use."""

    def __init__(self, *, concurrency: int, delay: float) -> None:
        self.concurrency = concurrency
        self.delay = delay
        self._gates: dict[str, HostGate] = {}
        self._lock = threading.Lock()

    def gate(self, host: str) -> HostGate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = HostGate(concurrency=self.concurrency, delay=self.delay)
            return gate


def _sleep_until(moment: float) -> None:
    while (left := moment - time.monotonic()) > 0:
        time.sleep(left)
