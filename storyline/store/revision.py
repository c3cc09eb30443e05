"""The store's revision: a value that changes whenever anyone commits a change to the store.

The web app keeps rendered pages (story lists, search results, story pages) and serves one
again only while the revision is the one it was rendered at, so a reader never sees a page
older than the store while asking the database almost nothing for a page it already has.

- SQLite: ``PRAGMA data_version`` on one connection of our own, which never writes. SQLite
  changes that number whenever another connection (any process) commits, and reading it
  costs microseconds; each change seen bumps a counter, the revision.
- PostgreSQL: the current snapshot (``pg_current_snapshot()``): which transactions have
  finished and which are still running. Two reads under the same snapshot see the same
  rows; any write transaction that commits or aborts changes it (writes to other databases
  of the cluster change it too, which only costs a render).

Read the revision *before* the rows a page is made of: the page is then at least as new as
its revision. When the revision cannot be read (an in-memory database, an unreadable
file), `StoreRevision` answers None and callers keep nothing.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlalchemy import Engine


class StoreRevision:
    """``revision()``: the store's current revision (hashable), or None when unknown."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._seen: int | None = None
        self._counter = 0
        self._broken = False

    def __call__(self) -> Any:
        if self._broken:
            return None
        try:
            if self.engine.dialect.name == "sqlite":
                return self._sqlite()
            with self.engine.connect() as conn:
                return conn.execute(text("SELECT pg_current_snapshot()::text")).scalar()
        except Exception:  # noqa: BLE001 — no revision: nothing is kept, pages are rendered
            self._broken = True
            return None

    def _sqlite(self) -> int | None:
        path = self.engine.url.database
        if not path or path == ":memory:" or path.startswith("file::memory:"):
            self._broken = True
            return None
        with self._lock:
            if self._conn is None:
                uri = Path(path).resolve().as_uri() + "?mode=ro"
                self._conn = sqlite3.connect(
                    uri, uri=True, check_same_thread=False, isolation_level=None
                )
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self._seen:
                self._seen = version
                self._counter += 1
            return self._counter

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
