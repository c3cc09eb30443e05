"""Rendered pages kept in memory, and served again only while the store is unchanged.

Rendering a story page (its template and escaping) costs several times more than reading
the story's cached view, the story list reads a field out of thirty briefs, and a search
ranks every matching article; many readers ask for the same few stories and words while
they are in the news. Each server process keeps what it rendered:

- a list, search or outlet page (HTML or JSON) under its path, query and the store's
  revision (`storyline.store.revision`: changes whenever anyone commits to the store);
- a story page or JSON twin under its story, with the revision and the story's stamp
  (`storyline.store.pagestamp`: its row's and brief's times, thread, notes and related
  stories) it was rendered at. While the revision is unchanged it is served without a
  read; after another commit it is served again if the story's stamp is unchanged (an
  ingest elsewhere in the store), and rendered afresh otherwise.

The revision and the stamp are read before the rows a page is made of, so a page is never
served older than the store.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from .responses import with_validators

MAX_BYTES = 64 * 1024 * 1024
"""Bound on the rendered pages one server process keeps (least recently used go first)."""

T = TypeVar("T")

Made = tuple[bytes, dict[str, str]]
"""A rendered body and the headers that go with it (a list's ``Link``)."""


class RenderedPages:
    """A thread-safe LRU of rendered bodies (or of values holding one), bounded in bytes."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: Any, size: int | None = None) -> None:
        size = len(value) if size is None else size
        if size > self.max_bytes // 8:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped


def kept(request: Request, build: Callable[[], Made | None]) -> Made | None:
    """The page at this request's path and query as last rendered at the store's current
    revision, else ``build()`` (kept when it gives a page; None is not kept)."""
    revision = request.app.state.revision()
    if revision is None:
        return build()
    key = ("page", request.url.path, request.url.query, revision)
    pages: RenderedPages = request.app.state.rendered
    made = pages.get(key)
    if made is None:
        made = build()
        if made is not None:
            pages.put(key, made, len(made[0]))
    return made


def kept_story(
    request: Request,
    stamp_of: Callable[[], Hashable | None],
    build: Callable[[], bytes | None],
) -> bytes | None:
    """A story page or twin (this request's path and query) if kept and still current (see
    the module's doc), else ``build()``; ``stamp_of()`` reads the story's stamp (None: do
    not keep it)."""
    revision = request.app.state.revision()
    slot = ("story", request.url.path, request.url.query)
    pages: RenderedPages = request.app.state.rendered
    entry = pages.get(slot)
    if entry is not None and revision is not None and entry[0] == revision:
        return entry[2]
    stamp = stamp_of()
    if entry is not None and stamp is not None and entry[1] == stamp:
        pages.put(slot, (revision, stamp, entry[2]), len(entry[2]))
        return entry[2]
    body = build()
    if body is not None and stamp is not None:
        pages.put(slot, (revision, stamp, body), len(body))
    return body


def kept_response(request: Request, build: Callable[[], Made], media_type: str) -> Response:
    """`kept`, answered with validators (a 304 when the client has this body)."""
    made = kept(request, build)
    assert made is not None  # build always gives a page
    return with_validators(request, made[0], media_type, made[1])


async def reading(request: Request, answer: Callable[[], T]) -> T:
    """``answer()`` for a story, list or search page: on the event loop over SQLite, in the
    worker thread pool over PostgreSQL.

    SQLite reads run inside the process and are CPU like the rendering, which holds the GIL:
    answering tens of such requests at once in threads only made each of them slower (under
    50 clients the time in the app reached seconds); one at a time on the loop, each takes
    its own cost. A PostgreSQL read waits on the server's socket, and those waits overlap in
    threads instead of stalling every other request."""
    if request.app.state.inline_reads:
        return answer()
    return await run_in_threadpool(answer)
