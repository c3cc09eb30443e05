"""The store's side of threads: the thread clusterer's state kept in tables.

Like `clusterstate` for stories: threads and the inverted index ``term -> threads`` are read
on demand (a thread, the threads filed under a term, when the clusterer first asks; then kept
in memory), ``story -> thread`` is kept in memory, and every change is recorded
and written in the transaction of the page that caused it (`flush`), the index and the titles
once per commit (`flush_statistics`). Document frequencies are the stories' (one set of word
statistics, see `storyline.threads.clusterer.SharedStatistics`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from storyline import serial
from storyline.store import schema as t
from storyline.store.bulk import insert_many, update_many
from storyline.store.clusterstate import read_postings, upsert
from storyline.stories.state import StoryBackend, StoryState
from storyline.threads.state import SharedStatistics

_THREAD = select(t.threads.c.state).where(t.threads.c.id == bindparam("id"))
_POSTINGS = "SELECT term, thread_id FROM thread_terms WHERE term IN ({}) ORDER BY at"
_COLUMNS = ("id", "seq", "size", "first_seen", "last_seen", "updated_at", "state")
_TITLE = (
    update(t.threads).where(t.threads.c.id == bindparam("tid")).values(title=bindparam("title"))
)


class StoredThreadBackend(SharedStatistics):
    """`SharedStatistics` whose threads live in the store (see the module docstring)."""

    def __init__(self, words: StoryBackend | None = None) -> None:
        super().__init__(words)
        self._at = 0
        self._conn: Connection | None = None
        self._described: set[str] = set()
        self._posted: set[str] = set()  # terms whose postings are in memory
        self._reset()

    def _reset(self) -> None:
        self._dirty: set[str] = set()
        self._deleted: set[str] = set()
        self._placed: dict[str, str] = {}
        self._filed: dict[tuple[str, str], int | None] = {}
        self._merges: list[tuple[str, str]] = []

    @classmethod
    def load(cls, conn: Connection, words: StoryBackend) -> StoredThreadBackend:
        backend = cls(words)
        backend._conn = conn
        meta = dict(conn.execute(select(t.meta.c.key, t.meta.c.value)).all())
        backend._seq = int(meta.get("threads.seq", 0))
        backend._at = int(meta.get("threads.filed", 0))
        rows = conn.execute(
            select(t.stories.c.id, t.stories.c.thread_id).where(t.stories.c.thread_id.is_not(None))
        )
        backend.story_thread = {str(s): str(x) for s, x in rows}
        return backend

    def bind(self, conn: Connection) -> None:
        self._conn = conn

    # -- reads as in memory, writes recorded --------------------------------------------------
    def _read_postings(self, terms: Iterable[str]) -> None:
        """The threads filed under each of ``terms`` not read yet, oldest filing first."""
        read_postings(self._conn, _POSTINGS, terms, self.postings, self._posted)

    def stories_under(self, terms: Iterable[str], per_term: int) -> dict[str, list[str]]:
        terms = list(terms)
        self._read_postings(terms)
        return super().stories_under(terms, per_term)

    def get(self, story_id: str) -> StoryState | None:
        thread = self.stories.get(story_id)
        if thread is None and story_id not in self._deleted and self._conn is not None:
            row = self._conn.execute(_THREAD, {"id": int(story_id)}).first()
            if row is not None:
                thread = serial.loads(StoryState, row.state)
                self.stories[story_id] = thread
        return thread

    def put(self, story: StoryState) -> None:
        super().put(story)
        self._dirty.add(story.story_id)
        self._deleted.discard(story.story_id)

    def delete(self, story_id: str) -> None:
        super().delete(story_id)
        self._dirty.discard(story_id)
        self._deleted.add(story_id)

    def place_story(self, story_id: str, thread_id: str) -> None:
        super().place_story(story_id, thread_id)
        self._placed[story_id] = thread_id

    def drop_story(self, story_id: str) -> None:
        super().drop_story(story_id)
        self._placed.pop(story_id, None)

    def file(self, story_id: str, add: Iterable[str], remove: Iterable[str]) -> None:
        add, remove = list(add), list(remove)
        self._read_postings(add + remove)
        super().file(story_id, add, remove)
        for term in remove:
            self._filed[(term, story_id)] = None
        for term in add:
            self._at += 1
            self._filed[(term, story_id)] = self._at

    def merged(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Record thread merges ``(from, into)`` for `flush`."""
        self._merges.extend(pairs)

    # -- writing ------------------------------------------------------------------------------
    def flush(self, conn: Connection) -> set[int]:
        """Write the threads and story placements changed since the last flush, after the
        stories' own flush (a new story's row must exist); returns the threads changed."""
        now = datetime.now(UTC)
        changed = {int(x) for x in self._dirty | self._deleted}
        if self._deleted:
            ids = sorted(int(x) for x in self._deleted)
            conn.execute(delete(t.threads).where(t.threads.c.id.in_(ids)))
        if self._dirty:
            rows = [self._row(self.stories[x], now) for x in sorted(self._dirty)]
            insert_many(conn, t.threads, _COLUMNS, rows, conflict=("id",), keep=("title",))
        if self._placed:
            rows = [(int(x), int(s)) for s, x in self._placed.items()]
            update_many(conn, t.stories, "id", ("thread_id",), rows)
        if self._merges:
            conn.execute(
                insert(t.thread_merges),
                [
                    {"from_id": int(a), "into_id": int(b), "merged_at": now}
                    for a, b in self._merges
                ],  # fmt: skip
            )
        self._described |= self._dirty
        self._described -= self._deleted
        self._reset_keep_index()
        return changed

    def _reset_keep_index(self) -> None:
        filed = self._filed
        self._reset()
        self._filed = filed

    def flush_statistics(
        self, conn: Connection, title_of: Callable[[str], str] | None = None
    ) -> None:
        """The inverted index, counters and titles of the threads changed, once per commit."""
        withdrawn = [{"term": term, "tid": int(x)} for (term, x), at in self._filed.items()
                     if at is None]  # fmt: skip
        if withdrawn:
            key = (t.thread_terms.c.term == bindparam("term")) & (
                t.thread_terms.c.thread_id == bindparam("tid")
            )
            conn.execute(delete(t.thread_terms).where(key), withdrawn)
        filed = [(term, int(x), at) for (term, x), at in self._filed.items() if at is not None]
        insert_many(conn, t.thread_terms, ("term", "thread_id", "at"), filed,
                    conflict=("term", "thread_id"))  # fmt: skip
        values = {"threads.seq": str(self._seq), "threads.filed": str(self._at)}
        upsert(conn, t.meta, [{"key": k, "value": v} for k, v in values.items()], ["key"])
        live = [x for x in sorted(self._described) if self.get(x) is not None]
        if live and title_of is not None:
            conn.execute(_TITLE, [{"tid": int(x), "title": title_of(x) or None} for x in live])
        self._described.clear()
        self._filed.clear()

    def _row(self, thread: StoryState, now: datetime) -> tuple:
        return (
            int(thread.story_id),
            thread.seq,
            len(thread.members) or thread.size,
            thread.first.isoformat() if thread.first else None,
            thread.last.isoformat() if thread.last else None,
            now,
            serial.dumps(thread),
        )

    def forget_changes(self) -> None:
        """After a rolled-back page: forget what it touched (read again from the store)."""
        for story_id in self._placed:
            self.story_thread.pop(story_id, None)
        self.stories.clear()
        self._reset()


def clear_threads(conn: Connection) -> None:
    """Forget all threads (before `storyline rebuild` recomputes them)."""
    for table in (t.thread_terms, t.thread_merges, t.threads):
        conn.execute(delete(table))
    conn.execute(delete(t.meta).where(t.meta.c.key.like("threads.%")))
    conn.execute(update(t.stories).values(thread_id=None))


# -- reading -------------------------------------------------------------------------------


def story_threads(conn: Connection, story_ids: list[int]) -> dict[int, int | None]:
    """Each story's thread, read in the caller's transaction (what readers of committed
    data ask goes through `storyline.store.reads`)."""
    out: dict[int, int | None] = {}
    for start in range(0, len(story_ids), 500):
        chunk = story_ids[start : start + 500]
        rows = conn.execute(
            select(t.stories.c.id, t.stories.c.thread_id).where(t.stories.c.id.in_(chunk))
        )
        out.update({r.id: r.thread_id for r in rows})
    return out
