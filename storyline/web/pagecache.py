"""Rendered pages kept in memory, keyed by everything they are rendered from.

Rendering a story page (its template, macros and escaping) costs several times more than
reading the story's cached view, and many readers ask for the same few stories while they
are in the news. A story page or JSON twin is kept under the story's stamp
(`storyline.store.pagestamp`: its row's and brief's times, thread, notes and related
stories), read before the view, so a page is never served older than the store, and a page
asked for again costs the stamp's two small reads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

MAX_BYTES = 64 * 1024 * 1024
"""Bound on the rendered pages one server process keeps (least recently used go first)."""


class RenderedPages:
    """A thread-safe LRU of rendered bodies, bounded in bytes."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: Hashable, body: bytes) -> None:
        if len(body) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old)
            self._items[key] = body
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped)
