"""The store: where pages, clean articles and everything derived from them are kept.

One `Store` wraps a SQLAlchemy engine. SQLite is the default (a single file created on first
use, brought to the newest schema by Alembic on open); a PostgreSQL URL works the same way.
Every write of one page is one transaction, so an interrupted ingest keeps what it committed,
and ingest is idempotent by raw-page hash, URL and clean-content hash.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType
from typing import Literal

from sqlalchemy import Engine, bindparam, create_engine, func, insert, select
from sqlalchemy.engine import Connection, RootTransaction
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from storyline.records import Article, Failure, Page, Removed, StorylineError
from storyline.store import schema as t
from storyline.store.rawcodec import compress_raw, decompress_raw
from storyline.store.records import SearchHit, StoredArticle
from storyline.store.urls import DEFAULT_DB, database_url  # noqa: F401  (their old home)

AddStatus = Literal["new", "known"]
AfterAdd = Callable[[Connection, int, Article], None]


@dataclass(frozen=True)
class AddResult:
    status: AddStatus
    article_id: int


class Store:
    """Typed access to the tables; no other module writes SQL against them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.sql = dialect_module(self.dialect)
        """What this database does its own way (`storyline.store.sqlite` or `.postgres`)."""
        self._reads = None

    @property
    def reads(self):
        """The store's read API (`storyline.store.reads.Reads`) over this engine."""
        if self._reads is None:
            from storyline.store.engine_reads import EngineRows
            from storyline.store.reads import Reads

            self._reads = Reads(EngineRows(self.engine))
        return self._reads

    @classmethod
    def open(cls, target: str | os.PathLike[str] | None = None) -> Store:
        """Open (and create or upgrade) the store at ``target``; a store that cannot be
        opened raises `StorylineError` with one line naming it and why."""
        url = database_url(target)
        if url.startswith("postgresql"):
            from storyline.store.postgres import check_driver

            check_driver(url)
        engine = create_engine(url)
        store = cls(engine)
        store.sql.configure(engine)
        try:
            store.migrate()
        except (SQLAlchemyError, OSError) as exc:
            engine.dispose()
            reason = _reason(exc)
            raise StorylineError(f"{_shown(engine)}: cannot open the store: {reason}") from None
        return store

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ---------------------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the database to the newest schema (a no-op when it is already there)."""
        from storyline.store.migrate import up_to_date, upgrade

        with self.engine.connect() as conn:
            if up_to_date(conn):
                return
            conn.rollback()
            # Under the writers' lock: two processes opening a new store at once must not
            # both create its tables (the upgrade looks again once it holds the lock).
            conn = conn.execution_options(**self.sql.writer_options())
            with conn.begin():
                self.sql.lock_writes(conn)
                if not self._create_fresh(conn):
                    upgrade(conn)

    def _create_fresh(self, conn: Connection) -> bool:
        """A new SQLite store gets the newest schema in one step (`storyline.store.fresh`);
        False when the migrations must run instead (another database, or an older store)."""
        if self.dialect != "sqlite":
            return False
        from storyline.store.fresh import create_fresh, is_empty

        return is_empty(conn) and create_fresh(conn)

    # -- ingest ---------------------------------------------------------------------------
    def known_page(self, page: Page) -> int | None:
        """The article id of a page already ingested (same raw bytes or same URL)."""
        with self.engine.connect() as conn:
            return _known_page(conn, page)

    def add_article(self, page: Page, article: Article) -> AddResult:
        """Store one page and its article in a transaction of its own (see `writer` for
        many pages)."""
        with self.engine.begin() as conn:
            return _add_article(conn, self.dialect, page, article)

    @contextmanager
    def writer(self, *, commit_every: int = 64, commit_seconds: float = 0.5) -> Iterator[Writer]:
        """A `Writer` for a batch of pages; committed pages stay committed whatever happens
        after, and an exception (Ctrl-C included) first commits every page already done."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(**self.sql.writer_options())
            batch = Writer(conn, self.dialect, commit_every, commit_seconds)
            batch.lock = self.sql.lock_writes
            try:
                yield batch
            finally:
                batch.finish()

    def record_failure(self, failure: Failure) -> None:
        with self.engine.begin() as conn:
            _record_failure(conn, failure)

    @contextmanager
    def locked(self) -> Iterator[Connection]:
        """One transaction holding the writers' lock (see `Writer`), committed at the end:
        for work that rewrites derived tables wholesale (`storyline rebuild`) while other
        writers may be running."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(**self.sql.writer_options())
            with conn.begin():
                self.sql.lock_writes(conn)
                yield conn

    # -- reading --------------------------------------------------------------------------
    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.articles)).scalar_one()

    def list_articles(self, *, limit: int = 50, offset: int = 0) -> list[StoredArticle]:
        query = (
            select(t.articles)
            .order_by(t.articles.c.published.desc(), t.articles.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            return [self._to_stored(conn, row, with_parts=False) for row in conn.execute(query)]

    def iter_articles(self, *, with_parts: bool = True) -> Iterator[StoredArticle]:
        """Every article in id order, streamed in pages of rows to keep memory flat."""
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(t.articles)
                    .where(t.articles.c.id > last)
                    .order_by(t.articles.c.id)
                    .limit(500)
                ).all()
                if not rows:
                    return
                batch = [self._to_stored(conn, row, with_parts=with_parts) for row in rows]
            yield from batch
            last = rows[-1].id

    def get_article(self, article_id: int) -> StoredArticle | None:
        with self.engine.connect() as conn:
            return self.article_in(conn, article_id)

    def article_in(self, conn: Connection, article_id: int) -> StoredArticle | None:
        """`get_article` on a connection the caller holds (inside its transaction)."""
        row = conn.execute(select(t.articles).where(t.articles.c.id == article_id)).first()
        return self._to_stored(conn, row, with_parts=True) if row else None

    def raw_pages(self, article_id: int) -> list[tuple[str, bytes]]:
        """The raw pages an article came from, as (origin, bytes)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.pages.c.origin, t.pages.c.raw)
                .where(t.pages.c.article_id == article_id)
                .order_by(t.pages.c.id)
            )
            return [(r.origin, decompress_raw(r.raw)) for r in rows]

    def failures(self, *, limit: int = 100) -> list[Failure]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.failures).order_by(t.failures.c.id.desc()).limit(limit))
            return [Failure(r.input, r.stage, r.error) for r in rows]

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and bodies, best match first."""
        from storyline.store.search import search

        with self.engine.connect() as conn:
            return search(conn, self.dialect, query, limit=limit)

    def _to_stored(self, conn: Connection, row, *, with_parts: bool) -> StoredArticle:
        removed_blocks: tuple[Removed, ...] = ()
        urls: tuple[str, ...] = ()
        paragraphs = tuple(p for p in row.text.split("\n\n") if p)
        if with_parts:
            removed_blocks = tuple(Removed(txt, why) for why, txt in json.loads(row.removed))
            urls = tuple(
                u
                for u in conn.execute(
                    select(t.pages.c.url)
                    .where(t.pages.c.article_id == row.id)
                    .order_by(t.pages.c.id)
                ).scalars()
                if u
            )
        article = Article(
            ref=row.ref,
            origin=row.ref,
            kind=row.kind,
            paragraphs=paragraphs,
            url=row.url,
            outlet=row.outlet,
            title=row.title,
            published=row.published,
            language=row.language,
            authors=tuple(json.loads(row.authors or "[]")),
            removed=removed_blocks,
        )
        return StoredArticle(row.id, article, row.story_id, row.ingested_at, urls,
                             row.content_id or row.content_hash)  # fmt: skip


class Writer:
    """Writes the pages of a batch, each page all or nothing, one writer at a time.

    Every page is written inside its own SAVEPOINT, so a page that fails leaves no trace,
    and pages are committed in groups (every ``commit_every`` pages or ``commit_seconds``),
    because a commit per page costs more than extracting a text page: the full-text index
    writes a segment per transaction. A crash loses at most the uncommitted group, which
    running the same ingest again redoes (ingest is idempotent).

    Several processes may write one store at once. Each group's transaction begins with the
    database's writers' lock (`lock`: SQLite's write lock, a PostgreSQL advisory lock) and
    then `after_lock`, where the caller re-reads what other writers may have changed since
    its last group (story state), so that no page is decided on stale state. The lock is
    released by the group's commit; extraction, the costly part, happens outside it.
    """

    def __init__(
        self, conn: Connection, dialect: str, commit_every: int, commit_seconds: float
    ) -> None:
        self.conn = conn
        self.dialect = dialect
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        self._pending = 0
        self._since = time.monotonic()
        self._transaction: RootTransaction | None = None
        self.lock: Callable[[Connection], None] | None = None
        """Takes the writers' lock at the start of each group's transaction."""
        self.after_lock: Callable[[Connection], None] | None = None
        """Runs right after the lock, in the group's transaction: re-read shared state."""
        self.before_commit: Callable[[Connection], None] | None = None
        """Runs inside each group's transaction just before it commits: what must be
        committed together with the pages (a crawl's fetch state) is written here."""

    def begin(self) -> Connection:
        """The connection, inside this group's transaction (begun, and the lock taken, on
        first use). A lock that cannot be had within the busy timeout is asked again a few
        times before the error is raised."""
        if self._transaction is None or not self._transaction.is_active:
            for attempt in range(LOCK_ATTEMPTS):
                try:
                    self._transaction = self.conn.begin()
                    if self.lock is not None:
                        self.lock(self.conn)
                    break
                except OperationalError:
                    with suppress(SQLAlchemyError):
                        self.conn.rollback()
                    if attempt == LOCK_ATTEMPTS - 1:
                        raise
                    time.sleep(0.2 * (attempt + 1))
            if self.after_lock is not None:
                self.after_lock(self.conn)
            self._since = time.monotonic()
        return self.conn

    def known_page(self, page: Page) -> int | None:
        return _known_page(self.begin(), page)

    def seen_bytes(self, page: Page) -> int | None:
        """`known_bytes` without beginning a group (no lock): on a connection of its own
        unless a group is open, whose uncommitted pages count too."""
        if self._transaction is not None and self._transaction.is_active:
            return self.known_bytes(page)
        with self.conn.engine.connect() as other:
            return other.execute(_PAGE_BY_HASH, {"h": page.raw_hash}).scalar()

    def known_bytes(self, page: Page) -> int | None:
        """The article id of a page whose very bytes are already stored."""
        return self.begin().execute(_PAGE_BY_HASH, {"h": page.raw_hash}).scalar()

    def article_at(self, url: str | None) -> int | None:
        """The article id of the page stored for ``url`` (a page fetched again may differ)."""
        if not url:
            return None
        return self.begin().execute(_PAGE_BY_URL, {"u": url}).scalar()

    def write(self, work: Callable[[Connection], None]) -> None:
        """Run ``work(conn)`` as one page's write: in a savepoint, committed with its group."""
        conn = self.begin()
        with conn.begin_nested():
            work(conn)
        self._written()

    def add_article(
        self, page: Page, article: Article, *, then: AfterAdd | None = None
    ) -> AddResult:
        """Write a page and its article; for a new article, ``then(conn, id, article)`` runs
        in the same savepoint, so derived data commits with it or not at all."""
        conn = self.begin()
        with conn.begin_nested():
            result = _add_article(conn, self.dialect, page, article)
            if then is not None and result.status == "new":
                then(conn, result.article_id, article)
        self._written()
        return result

    def record_failure(self, failure: Failure) -> None:
        conn = self.begin()
        with conn.begin_nested():
            _record_failure(conn, failure)
        self._written()

    def _written(self) -> None:
        self._pending += 1
        due = time.monotonic() - self._since >= self.commit_seconds
        if self._pending >= self.commit_every or due:
            self.commit()

    def finish(self) -> None:
        """Commit the pages written so far. After an interruption inside a database call
        the connection may be unusable: the open group is then rolled back (a re-run redoes
        it) instead of raising a second error over the first."""
        transaction = self._transaction
        try:
            if transaction is not None and transaction.is_active:
                self._before_commit()
                transaction.commit()
        except SQLAlchemyError:
            with suppress(SQLAlchemyError):
                transaction.rollback()  # type: ignore[union-attr]

    def commit(self) -> None:
        """Commit what is written so far (which releases the lock); the next write begins
        the next group."""
        if self._transaction is not None and self._transaction.is_active:
            self._before_commit()
            self._transaction.commit()
        self._transaction = None
        self._pending = 0
        self._since = time.monotonic()

    def _before_commit(self) -> None:
        if self.before_commit is not None:
            with self.conn.begin_nested():
                self.before_commit(self.conn)


LOCK_ATTEMPTS = 5


# Built once: constructing a statement costs more than executing it on the ingest hot path.
_INSERT_ARTICLE = insert(t.articles)
_INSERT_PAGE = insert(t.pages)
_PAGE_BY_HASH = select(t.pages.c.article_id).where(t.pages.c.raw_hash == bindparam("h"))
_PAGE_BY_URL = select(t.pages.c.article_id).where(t.pages.c.url == bindparam("u")).limit(1)
_ARTICLE_BY_HASH = select(t.articles.c.id).where(  # this text now, or as first stored (0009)
    (t.articles.c.content_hash == bindparam("h")) | (t.articles.c.content_id == bindparam("h"))
).limit(1)


def _known_page(conn: Connection, page: Page) -> int | None:
    found = conn.execute(_PAGE_BY_HASH, {"h": page.raw_hash}).scalar()
    if found is None and page.given.url:
        found = conn.execute(_PAGE_BY_URL, {"u": page.given.url}).scalar()
    return found


def _add_article(conn: Connection, dialect: str, page: Page, article: Article) -> AddResult:
    """Store a page and its article. The same clean text from another page (another URL,
    another rendering) is recorded as one more place the article appeared, not as a second
    article."""
    now = datetime.now(UTC)
    content_hash = article.content_hash
    body = article.text
    existing = conn.execute(_ARTICLE_BY_HASH, {"h": content_hash}).scalar()
    if existing is not None:
        _add_page(conn, page, article, existing, now)
        return AddResult("known", existing)
    inserted = conn.execute(
        _INSERT_ARTICLE,
        dict(
            content_hash=content_hash,
            content_id=content_hash,  # its identity: the first text's hash, kept on revision
            ref=article.ref,
            kind=article.kind,
            url=article.url,
            outlet=article.outlet,
            title=article.title,
            published=article.published,
            language=article.language,
            authors=json.dumps(list(article.authors)),
            removed=json.dumps([[r.reason, r.text] for r in article.removed], ensure_ascii=False),
            text=body,
            word_count=len(body.split()),
            ingested_at=now,
        ),
    ).inserted_primary_key
    article_id = int(inserted[0]) if inserted is not None else 0
    _insert_page(conn, page, article, article_id, now)
    return AddResult("new", article_id)


def _add_page(
    conn: Connection, page: Page, article: Article, article_id: int, now: datetime
) -> None:
    """One more page for a known article, unless these very bytes are already kept."""
    exists = conn.execute(select(t.pages.c.id).where(t.pages.c.raw_hash == page.raw_hash)).scalar()
    if exists is None:
        _insert_page(conn, page, article, article_id, now)


def _insert_page(
    conn: Connection, page: Page, article: Article, article_id: int, now: datetime
) -> None:
    conn.execute(
        _INSERT_PAGE,
        dict(
            raw_hash=page.raw_hash,
            article_id=article_id,
            ref=page.ref,
            origin=page.origin,
            kind=page.kind,
            url=article.url,
            raw=compress_raw(page.raw or page.content.encode("utf-8")),
            ingested_at=now,
        ),
    )


def _record_failure(conn: Connection, failure: Failure) -> None:
    """Record why an input failed; the same failure seen again only refreshes its time, so
    re-running a batch does not pile up duplicate rows."""
    same = (
        (t.failures.c.input == failure.input)
        & (t.failures.c.stage == failure.stage)
        & (t.failures.c.error == failure.error)
    )
    now = datetime.now(UTC)
    if conn.execute(select(t.failures.c.id).where(same)).first():
        conn.execute(t.failures.update().where(same).values(created_at=now))
    else:
        conn.execute(
            insert(t.failures).values(
                input=failure.input, stage=failure.stage, error=failure.error, created_at=now
            )
        )


def dialect_module(name: str) -> ModuleType:
    """The module holding what database ``name`` does its own way."""
    if name == "postgresql":
        from storyline.store import postgres

        return postgres
    if name == "sqlite":
        from storyline.store import sqlite

        return sqlite
    raise StorylineError(f"{name}: unsupported database (use a SQLite file or postgresql://)")


def _shown(engine: Engine) -> str:
    if engine.dialect.name == "sqlite":
        return engine.url.database or "(memory)"
    return engine.url.render_as_string(hide_password=True).replace("+psycopg", "")


def _reason(exc: BaseException) -> str:
    """The driver's first line: "connection refused", "database … does not exist"."""
    inner = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(inner).splitlines() if line.strip()]
    return lines[0] if lines else type(inner).__name__
