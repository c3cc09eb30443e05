"""Rendered pages kept in memory, keyed by everything they are rendered from.

Rendering a story page (its template, macros and escaping) costs several times more than
reading the story's cached view, and many readers ask for the same few stories while they
are in the news. The key holds the view's identity (story id, its ``updated_at`` and size,
which change whenever ingest or rebuild recomputes its brief) and the related stories'
titles as read for this request, so a page is never served older than the store.
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


def story_key(story_id: int, view: dict, related: list[dict]) -> tuple:
    """What a story page is rendered from, as a cache key."""
    return (
        "story", story_id, view.get("updated_at"), view.get("size"),
        tuple(view.get("articles") or ()), tuple((r["id"], r["title"], r["size"]) for r in related),
        tuple(n["id"] for n in view.get("notes") or ()),  # analyst notes are read fresh
        view.get("thread"), view.get("thread_title"),  # threads grow without the story
    )  # fmt: skip
