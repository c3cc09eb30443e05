"""The store's side of story clustering: the clusterer's state kept in tables.

`StoryClusterer` (in `storyline.stories`) reads and writes its state through a
`StoryBackend`, one article's questions at a time. `StoredStoryBackend` answers them from the
tables when first asked (a story, the stories filed under a term, a term's document
frequency, an article's story) and keeps the answers in memory, so a writer reads what its
articles need rather than whole tables. It records every change, which `flush` writes in
the transaction of the page that caused it: the stored clustering always matches the
committed articles, and a crash or a Ctrl-C leaves nothing half-done.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.engine import Connection

from storyline import serial
from storyline.store import schema as t
from storyline.store.bulk import insert_many, rows_in, update_many
from storyline.stories import MemoryStoryBackend, StoryState

_STORY = select(t.stories.c.state).where(t.stories.c.id == bindparam("id"))
_ARTICLE_STORY = select(t.articles.c.story_id).where(t.articles.c.id == bindparam("id"))
_POSTINGS = "SELECT term, story_id FROM story_terms WHERE term IN ({}) ORDER BY at"
_DF = "SELECT term, df FROM term_df WHERE term IN ({})"


def read_postings(
    conn: Connection | None,
    sql: str,
    terms: Iterable[str],
    postings: dict[str, dict[str, None]],
    posted: set[str],
) -> None:
    """Add to ``postings`` the ids ``sql`` files under each of ``terms`` whose postings are
    not in memory yet (not in ``posted``), oldest filing first: stories and threads read
    their term index a term at a time, when the clusterer first asks."""
    missing = [term for term in dict.fromkeys(terms) if term not in posted]
    if not missing or conn is None:
        return
    for term, filed_id in rows_in(conn, sql, missing):
        postings.setdefault(term, {})[str(filed_id)] = None
    posted.update(missing)


def upsert(conn: Connection, table, rows: list[dict], keys: list[str]) -> None:
    """Insert rows, replacing those with the same key (SQLite and PostgreSQL alike)."""
    conn.execute(_upsert_statement(conn.dialect.name, table, tuple(keys)), rows)


@lru_cache(maxsize=64)
def _upsert_statement(dialect: str, table, keys: tuple[str, ...]):
    """Built once per table: statement construction costs more than a small executemany."""
    from storyline.store.db import dialect_module

    return dialect_module(dialect).upsert(table, keys)


_DESCRIPTION = ("title", "outlets", "related")
"""Story columns that describe rather than define a story: written once per commit."""
_STORY_COLUMNS = (
    "id", "seq", "size", "first_seen", "last_seen", "updated_at", "state", *_DESCRIPTION
)  # fmt: skip
_DESCRIBE = (
    update(t.stories)
    .where(t.stories.c.id == bindparam("sid"))
    .values(title=bindparam("title"), outlets=bindparam("outlets"), related=bindparam("related"))
)


def _outlets(conn: Connection, story_ids: list[int]) -> dict[int, list[str]]:
    """Each story's outlets, the one with most articles first."""
    rows = conn.execute(
        select(t.articles.c.story_id, t.articles.c.outlet, func.count())
        .where(t.articles.c.story_id.in_(story_ids), t.articles.c.outlet.is_not(None))
        .group_by(t.articles.c.story_id, t.articles.c.outlet)
    )
    found: dict[int, list[tuple[int, str]]] = {}
    for story_id, outlet, count in rows:
        found.setdefault(story_id, []).append((-count, outlet))
    return {s: [o for _, o in sorted(pairs)] for s, pairs in found.items()}


class StoredStoryBackend(MemoryStoryBackend):
    """`StoryBackend` whose state lives in the store (see the module docstring): the
    in-memory backend, plus lazy loading of stories and a record of every change."""

    def __init__(self) -> None:
        super().__init__()
        self._at = 0
        self._conn: Connection | None = None
        self._described: set[str] = set()  # changed since the last commit
        self._posted: set[str] = set()  # terms whose postings are in memory
        self._reset_changes()

    def _reset_changes(self) -> None:
        self._dirty: set[str] = set()
        self._deleted: set[str] = set()
        self._assigned: dict[str, str] = {}
        self._filed: dict[tuple[str, str], int | None] = {}  # None: withdrawn
        self._df_dirty: set[str] = set()

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, conn: Connection) -> StoredStoryBackend:
        """The state as stored, read lazily: only the counters now; a story, the stories
        filed under a term, a term's document frequency and an article's story when the
        clusterer first asks for them (then kept: this writer's changes are made to them in
        memory). Valid while no other writer commits stories: the runner loads it again
        when the stored generation moved (`storyline.store.ports.SqlStories.sync`)."""
        backend = cls()
        backend._conn = conn
        keys = ("stories.documents", "stories.seq", "stories.filed")
        meta = dict(conn.execute(select(t.meta.c.key, t.meta.c.value)
                                 .where(t.meta.c.key.in_(keys))).all())  # fmt: skip
        backend.n_docs = int(meta.get("stories.documents", 0))
        backend._seq = int(meta.get("stories.seq", 0))
        backend._at = int(meta.get("stories.filed", 0))
        return backend

    def bind(self, conn: Connection) -> None:
        """Read stories not yet in memory through ``conn`` (the current transaction)."""
        self._conn = conn

    def _read_postings(self, terms: Iterable[str]) -> None:
        """The stories filed under each of ``terms`` not read yet, oldest filing first."""
        read_postings(self._conn, _POSTINGS, terms, self.postings, self._posted)

    def _read_df(self, terms: Iterable[str]) -> None:
        missing = [term for term in dict.fromkeys(terms) if term not in self.df]
        if not missing or self._conn is None:
            return
        found = dict(rows_in(self._conn, _DF, missing))
        for term in missing:
            self.df[term] = found.get(term, 0)

    # -- StoryBackend: reads as in memory, every write also recorded -------------------------
    def story_of(self, doc_id: str) -> str | None:
        found = self.doc_story.get(doc_id)
        if found is None and self._conn is not None and doc_id.isdigit():
            story_id = self._conn.execute(_ARTICLE_STORY, {"id": int(doc_id)}).scalar()
            if story_id is not None:
                found = self.doc_story[doc_id] = str(story_id)
        return found

    def stories_under(self, terms: Iterable[str], per_term: int) -> dict[str, list[str]]:
        terms = list(terms)
        self._read_postings(terms)
        return super().stories_under(terms, per_term)

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        terms = list(terms)
        self._read_df(terms)
        return super().document_frequencies(terms)

    def get(self, story_id: str) -> StoryState | None:
        story = self.stories.get(story_id)
        if story is None and story_id not in self._deleted and self._conn is not None:
            row = self._conn.execute(_STORY, {"id": int(story_id)}).first()
            if row is not None:
                story = serial.loads(StoryState, row.state)
                self.stories[story_id] = story
        return story

    def put(self, story: StoryState) -> None:
        super().put(story)
        self._dirty.add(story.story_id)
        self._deleted.discard(story.story_id)

    def delete(self, story_id: str) -> None:
        super().delete(story_id)
        self._dirty.discard(story_id)
        self._deleted.add(story_id)

    def assign(self, doc_id: str, story_id: str) -> None:
        super().assign(doc_id, story_id)
        self._assigned[doc_id] = story_id

    def file(self, story_id: str, add: Iterable[str], remove: Iterable[str]) -> None:
        add, remove = list(add), list(remove)
        self._read_postings(add + remove)
        super().file(story_id, add, remove)
        for term in remove:
            self._filed[(term, story_id)] = None
        for term in add:
            self._at += 1
            self._filed[(term, story_id)] = self._at

    def count_document(self, terms: Iterable[str]) -> None:
        terms = list(terms)
        self._read_df(terms)
        super().count_document(terms)
        self._df_dirty.update(terms)

    # -- writing ---------------------------------------------------------------------------
    def flush(self, conn: Connection) -> set[int]:
        """Write what defines the stories changed since the last flush (state, size, dates,
        article assignments), in the page's transaction; returns the ids of the stories
        changed. What only describes them (title, outlets, related stories, cached briefs)
        is brought up to date once per commit by `flush_statistics`: it costs as much as the
        rest together and only readers of committed data see it."""
        now = datetime.now(UTC)
        changed = {int(s) for s in self._dirty | self._deleted}
        if self._assigned:
            rows = [(int(s), int(a)) for a, s in self._assigned.items()]
            update_many(conn, t.articles, "id", ("story_id",), rows)
        if self._deleted:
            ids = sorted(int(x) for x in self._deleted)
            conn.execute(delete(t.stories).where(t.stories.c.id.in_(ids)))
        if self._dirty:
            rows = [self._row(self.stories[s], now) for s in sorted(self._dirty)]
            insert_many(conn, t.stories, _STORY_COLUMNS, rows, conflict=("id",), keep=_DESCRIPTION)
        self._described |= self._dirty | self._deleted
        self._dirty.clear()
        self._deleted.clear()
        self._assigned.clear()
        return changed

    def flush_statistics(
        self,
        conn: Connection,
        title_of: Callable[[str], str] | None = None,
        related_of: Callable[[str], list[str]] | None = None,
    ) -> None:
        """Write the inverted index, document frequencies and counters, and describe the
        stories changed since the last commit (title, outlets, related; their cached briefs
        are dropped). These are read from memory only, so they are written once per commit
        rather than once per article (hundreds of rows each time); called right before the
        commit, in its transaction, so that the stored statistics and descriptions always
        match the committed articles."""
        self._flush_index(conn)
        self._flush_df(conn)
        self._flush_meta(conn)
        self._describe(conn, title_of, related_of)
        self._filed.clear()
        self._df_dirty.clear()

    def _describe(
        self,
        conn: Connection,
        title_of: Callable[[str], str] | None,
        related_of: Callable[[str], list[str]] | None,
    ) -> None:
        if not self._described:
            return
        ids = sorted(int(s) for s in self._described)
        conn.execute(delete(t.story_briefs).where(t.story_briefs.c.story_id.in_(ids)))
        live = [s for s in map(str, ids) if self.get(s) is not None]
        if live:
            outlets = _outlets(conn, [int(s) for s in live])
            rows = [
                {
                    "sid": int(s),
                    "title": (title_of(s) if title_of else "") or None,
                    "outlets": json.dumps(outlets.get(int(s), []), ensure_ascii=False),
                    "related": json.dumps([int(r) for r in related_of(s)] if related_of else []),
                }
                for s in live
            ]
            conn.execute(_DESCRIBE, rows)
        self._described.clear()

    def _row(self, story: StoryState, now: datetime) -> tuple:
        """The story's row in ``_STORY_COLUMNS`` order; title, outlets and related are
        filled in at the commit (`_describe`)."""
        return (
            int(story.story_id),
            story.seq,
            len(story.members) or story.size,
            story.first.isoformat() if story.first else None,
            story.last.isoformat() if story.last else None,
            now,
            serial.dumps(story),
            None,
            "[]",
            "[]",
        )

    def _flush_index(self, conn: Connection) -> None:
        withdrawn = [{"term": term, "sid": int(s)} for (term, s), at in self._filed.items()
                     if at is None]  # fmt: skip
        if withdrawn:
            key = (t.story_terms.c.term == bindparam("term")) & (
                t.story_terms.c.story_id == bindparam("sid")
            )
            conn.execute(delete(t.story_terms).where(key), withdrawn)
        filed = [(term, int(s), at) for (term, s), at in self._filed.items() if at is not None]
        insert_many(conn, t.story_terms, ("term", "story_id", "at"), filed,
                    conflict=("term", "story_id"))  # fmt: skip

    def _flush_df(self, conn: Connection) -> None:
        rows = [(x, self.df[x]) for x in sorted(self._df_dirty)]
        insert_many(conn, t.term_df, ("term", "df"), rows, conflict=("term",))

    def _flush_meta(self, conn: Connection) -> None:
        values = {
            "stories.documents": str(self.n_docs),
            "stories.seq": str(self._seq),
            "stories.filed": str(self._at),
        }
        upsert(conn, t.meta, [{"key": k, "value": v} for k, v in values.items()], ["key"])

    def forget_changes(self) -> None:
        """After a rolled-back page: forget the stories and assignments it touched (they are
        read again from the store). Its contribution to the statistics stays: a document
        counted once too often does not change what the statistics say."""
        for doc_id in self._assigned:
            self.doc_story.pop(doc_id, None)
        self.stories.clear()
        self._dirty.clear()
        self._deleted.clear()
        self._assigned.clear()
