"""The SQL store behind the ports (`storyline.ports`): what the runner writes, in SQLite or
PostgreSQL.

A `SqlSession` is a `Writer` (`storyline.store.db`) seen through the ports: each page in a
SAVEPOINT, pages committed in groups, each group under the writers' lock (SQLite's write
lock, a PostgreSQL advisory lock). Story state is read per article through
`StoredStoryBackend` and re-read when a group begins if another writer committed stories
since this one last did (the ``stories.generation`` counter), so no article is clustered
against stale stories.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from storyline.ports import Added
from storyline.store import lineage, meta
from storyline.store.clusterstate import StoredStoryBackend
from storyline.store.derived import (
    clear_facts,
    clear_stories,
    count_stories_and_links,
    ids_in_publication_order,
    record_merges,
)
from storyline.store.facts import save_facts
from storyline.store.threadstate import StoredThreadBackend

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from storyline.annotate import ArticleFacts
    from storyline.records import Article, Failure, Page
    from storyline.reuse import ReuseLink
    from storyline.store.db import Store, Writer

GENERATION = "stories.generation"
"""Counts the commits that changed stories: a writer whose count differs re-reads them."""


class SqlArticles:
    def __init__(self, session: SqlSession) -> None:
        self.session = session

    def seen_bytes(self, page: Page) -> int | None:
        return self.session.writer.seen_bytes(page) if self.session.writer else None

    def known_bytes(self, page: Page) -> int | None:
        from storyline.store.db import _PAGE_BY_HASH

        return self.session.conn().execute(_PAGE_BY_HASH, {"h": page.raw_hash}).scalar()

    def article_at(self, url: str | None) -> int | None:
        from storyline.store.db import _PAGE_BY_URL

        if not url:
            return None
        return self.session.conn().execute(_PAGE_BY_URL, {"u": url}).scalar()

    def add_article(self, page: Page, article: Article) -> Added:
        from storyline.store.db import _add_article

        conn = self.session.conn()
        result = _add_article(conn, conn.dialect.name, page, article)
        return Added(result.status, result.article_id)

    def revise(self, article_id: int, article: Article) -> tuple[bool, int | None]:
        from storyline.store.revisions import revise

        revised = revise(self.session.conn(), article_id, article)
        return (revised is not None, revised.story_id if revised is not None else None)


class SqlLineage:
    def __init__(self, session: SqlSession) -> None:
        self.session = session

    def link(self, article_id: int, article: Article) -> list[ReuseLink]:
        conn = self.session.conn()
        links = lineage.reuse_index(conn).add(str(article_id), article.text, article.published)
        lineage.save_links(conn, links)
        return links


class SqlStories:
    """Story and thread state in the store (`StoredStoryBackend`, `StoredThreadBackend`)."""

    def __init__(self, session: SqlSession) -> None:
        self.session = session
        self._generation: str | None = None
        self._loaded = False
        self.stories: StoredStoryBackend = StoredStoryBackend()
        self.threads: StoredThreadBackend = StoredThreadBackend(self.stories)

    def sync(self) -> bool:
        conn = self.session.conn()
        generation = meta.get(conn, GENERATION)
        if self._loaded and generation == self._generation:
            return False
        if not self._loaded:
            lineage.ensure_key_version(conn)
        self.stories = StoredStoryBackend.load(conn)
        self.threads = StoredThreadBackend.load(conn, self.stories)
        self._generation = generation
        self._loaded = True
        return True

    def merged(self, stories: Iterable[tuple[str, str]],
               threads: Iterable[tuple[str, str]]) -> None:  # fmt: skip
        record_merges(self.session.conn(), stories)
        self.threads.merged(threads)

    def flush(self) -> set[int]:
        conn = self.session.conn()
        self.stories.bind(conn)
        self.threads.bind(conn)
        touched = self.stories.flush(conn)
        self.threads.flush(conn)
        return touched

    def flush_statistics(self, story_title: Callable[[str], str],
                         related: Callable[[str], list[str]],
                         thread_title: Callable[[str], str]) -> None:  # fmt: skip
        conn = self.session.conn()
        self.stories.flush_statistics(conn, story_title, related)
        self.threads.flush_statistics(conn, thread_title)
        self._generation = str(meta.bump(conn, GENERATION))

    def forget_changes(self) -> None:
        self.stories.forget_changes()
        self.threads.forget_changes()


class SqlFacts:
    def __init__(self, session: SqlSession) -> None:
        self.session = session

    def save(self, article_id: int, facts: ArticleFacts) -> None:
        save_facts(self.session.conn(), article_id, facts)


class SqlFailures:
    def __init__(self, session: SqlSession) -> None:
        self.session = session

    def record(self, failure: Failure) -> None:
        from storyline.store.db import _record_failure

        _record_failure(self.session.conn(), failure)


class SqlSession:
    """The ports over one `Writer` (pages in savepoints, groups under the lock), or over one
    connection in a transaction the caller holds (``writer`` None: a rebuild, a load)."""

    def __init__(self, writer: Writer | None = None, conn: Connection | None = None) -> None:
        self.writer = writer
        self._conn = conn
        self.articles = SqlArticles(self)
        self.lineage = SqlLineage(self)
        self.stories = SqlStories(self)
        self.facts = SqlFacts(self)
        self.failures = SqlFailures(self)
        self._on_lock: list[Callable[[], None]] = []
        self._on_commit: list[Callable[[Any], None]] = []
        if writer is not None:
            writer.after_lock = self._locked
            writer.before_commit = self._committing

    def conn(self) -> Connection:
        """The connection in the current group's transaction (begun, under the lock, when
        none is open)."""
        if self.writer is not None:
            return self.writer.begin()
        assert self._conn is not None
        return self._conn

    @contextmanager
    def page(self) -> Iterator[None]:
        if self.writer is None:
            with self.conn().begin_nested():
                yield
            return
        conn = self.writer.begin()
        with conn.begin_nested():
            yield
        self.writer._written()

    def on_lock(self, hook: Callable[[], None]) -> None:
        self._on_lock.append(hook)

    def on_commit(self, hook: Callable[[Any], None]) -> None:
        self._on_commit.append(hook)

    def _locked(self, conn: Connection) -> None:
        for hook in self._on_lock:
            hook()

    def _committing(self, conn: Connection) -> None:
        for hook in self._on_commit:
            hook(conn)

    def committing(self) -> None:
        """Run the commit hooks now (a session over a caller's transaction)."""
        assert self._conn is not None
        self._committing(self._conn)


class SqlRebuildSession(SqlSession):
    """A rebuild: one transaction under the writers' lock, derived tables cleared first."""

    def __init__(self, store: Store, conn: Connection, facts: bool) -> None:
        super().__init__(conn=conn)
        self.store = store
        lineage.clear(conn)
        clear_stories(conn)
        if facts:
            clear_facts(conn)

    def replay_order(self) -> list[int]:
        return ids_in_publication_order(self.conn())

    def stored_articles(self, ids: list[int]) -> list[Article]:
        out = []
        for article_id in ids:
            found = self.store.article_in(self.conn(), article_id)
            if found is None:
                raise LookupError(f"article {article_id} vanished during the rebuild")
            out.append(found.article)
        return out

    def counts(self) -> tuple[int, int]:
        return count_stories_and_links(self.conn())

    @contextmanager
    def page(self) -> Iterator[None]:
        yield  # all of a rebuild commits or nothing does


class SqlBriefs:
    def __init__(self, store: Store) -> None:
        self.store = store

    def refresh(self, story_ids: set[int], workers: int = 1) -> None:
        from storyline.relations import refresh_related
        from storyline.workers import refresh_views

        refresh_related(self.store)  # related lists from the final state, not the commits
        refresh_views(self.store, story_ids, workers)


class SqlStorage:
    """The runner's `Storage` over a `Store`."""

    def __init__(self, store: Store, commit_every: int | None = None) -> None:
        self.store = store
        self.briefs = SqlBriefs(store)
        self.commit_every = commit_every
        """Pages per commit group (the store's default when None); 1 lets a test hand the
        writers' lock from one writer to another after every page."""

    @contextmanager
    def session(self) -> Iterator[SqlSession]:
        groups = {} if self.commit_every is None else {"commit_every": self.commit_every}
        with self.store.writer(**groups) as writer:
            yield SqlSession(writer)

    @contextmanager
    def rebuild_session(self, facts: bool = True) -> Iterator[SqlRebuildSession]:
        with self.store.locked() as conn:  # other writers wait: stories are rewritten whole
            session = SqlRebuildSession(self.store, conn, facts)
            yield session
