"""What following live sources remembers between runs: fetch state and the watch schedule.

`StoredFetchState` is the crawl's ``state`` mapping (see `storyline.fetch.crawl`) kept in the
``fetch_state`` table. It is loaded whole when opened (a crawl looks up every URL it meets)
and written back inside the transaction that commits a group of pages (`Writer.before_commit`),
so the validators that make the next fetch conditional are never saved for a page that was
not: a crash loses both or neither, and the next run fetches again what it must.

`WatchSchedule` is the ``watch_sources`` table: how often each watched source is polled and
when it is next due, so that a restarted ``storyline watch`` continues where it stopped.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from storyline.store import schema as t
from storyline.store.db import Store


class StoredFetchState(MutableMapping[str, dict[str, Any]]):
    """URL → ``{"etag", "last_modified", "seen"}`` backed by the ``fetch_state`` table.

    A change is first *pending*: the crawl records a page's validators as soon as the
    caller takes the page, but ingest may still hold it unwritten in its chunk. `settle`
    (called once every page taken so far is written) makes pending changes savable, and
    `save` writes those on the caller's connection, in the transaction that commits the
    pages they describe.
    """

    def __init__(self, entries: dict[str, dict[str, Any]]) -> None:
        self._entries = entries
        self._pending: set[str] = set()
        self._dirty: set[str] = set()

    @classmethod
    def load(cls, store: Store) -> StoredFetchState:
        with store.engine.connect() as conn:
            rows = conn.execute(select(t.fetch_state)).all()
        return cls({row.url: _entry(row) for row in rows})

    def __getitem__(self, url: str) -> dict[str, Any]:
        return self._entries[url]

    def __setitem__(self, url: str, entry: dict[str, Any]) -> None:
        self._entries[url] = dict(entry)
        self._pending.add(url)

    def __delitem__(self, url: str) -> None:
        del self._entries[url]
        self._pending.add(url)

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def unsaved(self) -> int:
        return len(self._dirty | self._pending)

    def settle(self) -> None:
        """Every page taken from the crawl so far is written: its state may be saved."""
        self._dirty |= self._pending
        self._pending.clear()

    def save(self, conn: Connection) -> None:
        """Write the changed entries on ``conn`` (inside the caller's transaction)."""
        if not self._dirty:
            return
        urls = sorted(self._dirty)
        conn.execute(delete(t.fetch_state).where(t.fetch_state.c.url.in_(urls)))
        rows = [_row(url, self._entries[url]) for url in urls if url in self._entries]
        if rows:
            conn.execute(insert(t.fetch_state), rows)
        self._dirty.clear()


def _entry(row: Any) -> dict[str, Any]:
    seen = (_iso(row.last_fetched) or True) if row.seen else None
    return {"etag": row.etag, "last_modified": row.last_modified, "seen": seen}


def _row(url: str, entry: dict[str, Any]) -> dict[str, Any]:
    seen = entry.get("seen")
    return {
        "url": url,
        "etag": entry.get("etag"),
        "last_modified": entry.get("last_modified"),
        "seen": bool(seen),
        "last_fetched": _parse(seen) if isinstance(seen, str) else None,
        "next_poll": None,
    }


# -- the watch schedule --------------------------------------------------------------------


@dataclass(frozen=True)
class WatchedSource:
    source: str
    every_seconds: int
    next_poll: datetime
    last_run: datetime | None = None


class WatchSchedule:
    """When each watched source is next due; kept in ``watch_sources``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def sync(self, sources: dict[str, int], now: datetime) -> None:
        """Make the table follow the sources file: new sources are due now, intervals are
        updated (a shorter one brings the next poll forward), removed sources are dropped."""
        with self.store.engine.begin() as conn:
            known = {s.source: s for s in self._all(conn)}
            gone = [source for source in known if source not in sources]
            if gone:
                conn.execute(delete(t.watch_sources).where(t.watch_sources.c.source.in_(gone)))
            for source, every in sources.items():
                old = known.get(source)
                if old is None:
                    conn.execute(
                        insert(t.watch_sources).values(
                            source=source, every_seconds=every, next_poll=now
                        )
                    )
                elif old.every_seconds != every:
                    base = old.last_run or now
                    due = min(old.next_poll, base + timedelta(seconds=every))
                    conn.execute(
                        update(t.watch_sources)
                        .where(t.watch_sources.c.source == source)
                        .values(every_seconds=every, next_poll=due)
                    )

    def sources(self) -> list[WatchedSource]:
        with self.store.engine.connect() as conn:
            return self._all(conn)

    def due(self, now: datetime) -> list[WatchedSource]:
        return [s for s in self.sources() if s.next_poll <= now]

    def next_due(self) -> datetime | None:
        return min((s.next_poll for s in self.sources()), default=None)

    def polled(self, sources: list[WatchedSource], now: datetime) -> None:
        """Record a completed poll of ``sources``: each is next due ``every`` from now."""
        with self.store.engine.begin() as conn:
            for s in sources:
                conn.execute(
                    update(t.watch_sources)
                    .where(t.watch_sources.c.source == s.source)
                    .values(last_run=now, next_poll=now + timedelta(seconds=s.every_seconds))
                )

    @staticmethod
    def _all(conn: Connection) -> list[WatchedSource]:
        rows = conn.execute(select(t.watch_sources).order_by(t.watch_sources.c.source))
        return [
            WatchedSource(r.source, r.every_seconds, _utc(r.next_poll), _aware(r.last_run))
            for r in rows
        ]


def _utc(moment: datetime) -> datetime:
    """`_aware` of a column that is never NULL."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands timestamps back naive; they were written in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _iso(moment: datetime | None) -> str | None:
    moment = _aware(moment)
    return moment.isoformat(timespec="seconds") if moment else None


def _parse(value: str) -> datetime | None:
    try:
        return _aware(datetime.fromisoformat(value))
    except ValueError:
        return None
