"""Ports: what the pipeline's stages need from storage, as interfaces.

The stages (`storyline.extract`, `.reuse`, `.stories`, `.threads`, `.annotate`, `.brief`) are
pure functions over records. The one runner (`storyline.runner`) feeds them and keeps what
they decide through the interfaces below, so the same run works over any storage that
implements them:

- `storyline.store.ports` — the SQL store (SQLite or PostgreSQL), each page in a savepoint,
  pages committed in groups under the writers' lock (the crash-safety and concurrency
  guarantees of ``storyline ingest``);
- `storyline.ports.memory` — dictionaries in this process: tests, and engines that keep
  their state elsewhere (the Spark batch) and want the stages' decisions as records.

A `Session` is one writer's unit of work over a store. Its parts each answer one question:

========================  ===========================================================
`ArticlePort`             articles and their raw pages (idempotence by bytes, URL, text)
`LineagePort`             lineage keys and links to earlier articles sharing copy
`StoryPort`               story and thread state, read per article (`StoryBackend`)
`FactsPort`               each article's entities, quotes, dates and figures
`FailurePort`             inputs that failed, with their reason
`BriefPort`               story briefs brought up to date after a batch
`FetchStatePort`          live sources' validators, saved with the pages they gave
========================  ===========================================================

Ids: an article's identity is its content (``Article.content_hash`` of its first text,
kept as its ``content_id``); the integer ids a port hands out are that store's own short
ids, for URLs and the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from storyline.annotate import ArticleFacts
    from storyline.records import Article, Failure, Page
    from storyline.reuse import ReuseLink
    from storyline.stories.state import StoryBackend
    from storyline.threads.state import SharedStatistics

AddStatus = Literal["new", "known"]


@dataclass(frozen=True)
class Added:
    """What `ArticlePort.add_article` did: a new article, or one more page of a known one
    (the same clean text seen before)."""

    status: AddStatus
    article_id: int


class ArticlePort(Protocol):
    """Articles and the raw pages they came from."""

    def seen_bytes(self, page: Page) -> int | None:
        """The article of a page whose very bytes are stored, asked before a page is
        extracted and without the writers' lock (a hint: asked again under it)."""
        ...

    def known_bytes(self, page: Page) -> int | None:
        """The same, under the lock: the answer holds for the page's write."""
        ...

    def article_at(self, url: str | None) -> int | None:
        """The article stored for ``url``: a page fetched again may be a revision."""
        ...

    def add_article(self, page: Page, article: Article) -> Added: ...

    def revise(self, article_id: int, article: Article) -> tuple[bool, int | None]:
        """Make ``article`` the current text of a stored one (the old text is kept as a
        revision); (revised, its story), revised False when the text did not change."""
        ...


class LineagePort(Protocol):
    def link(self, article_id: int, article: Article) -> list[ReuseLink]:
        """Register a new article's lineage keys, keep and return its links to earlier
        articles sharing its copy."""
        ...


class StoryPort(Protocol):
    """Story and thread state. ``stories`` and ``threads`` answer the clusterers' point
    reads (a story, the stories filed under an article's terms, the terms' document
    frequencies, an article's story), so an implementation may read them lazily."""

    @property
    def stories(self) -> StoryBackend: ...

    @property
    def threads(self) -> SharedStatistics: ...

    def sync(self) -> bool:
        """Under the writers' lock, before a group of pages: make the state that of the
        store (another writer may have committed stories). True when it was re-read."""
        ...

    def merged(self, stories: Iterable[tuple[str, str]], threads: Iterable[tuple[str, str]]
               ) -> None:  # fmt: skip
        """Record story and thread merges (``a`` merged into ``b``) for readers of old ids."""
        ...

    def flush(self) -> set[int]:
        """Keep the stories changed by one article (with its page); their ids."""
        ...

    def flush_statistics(self, story_title: Callable[[str], str],
                         related: Callable[[str], list[str]],
                         thread_title: Callable[[str], str]) -> None:  # fmt: skip
        """Once per commit group: index, document frequencies and descriptions."""
        ...

    def forget_changes(self) -> None:
        """A page failed after the stages touched the state: drop what it changed."""
        ...


class FactsPort(Protocol):
    def save(self, article_id: int, facts: ArticleFacts) -> None: ...


class FailurePort(Protocol):
    def record(self, failure: Failure) -> None: ...


class BriefPort(Protocol):
    def refresh(self, story_ids: set[int], workers: int = 1) -> None:
        """After a batch: related stories and the briefs of ``story_ids``, from the
        committed state."""
        ...


class FetchStatePort(Protocol):
    """Live sources' crawl state (`storyline.store.watchstate.StoredFetchState`): read as a
    mapping ``url -> validators``; ``save`` runs in each commit group (the state is
    committed with the pages it gave), ``settle`` once the pages taken so far are handled."""

    def save(self, handle: Any) -> None: ...

    def settle(self) -> None: ...


class Session(Protocol):
    """One writer's unit of work: each page all or nothing (`page`), pages committed in
    groups; `after_lock` runs when a group begins (under the writers' lock),
    `before_commit` hooks just before it commits, in its transaction."""

    @property
    def articles(self) -> ArticlePort: ...

    @property
    def lineage(self) -> LineagePort: ...

    @property
    def stories(self) -> StoryPort: ...

    @property
    def facts(self) -> FactsPort: ...

    @property
    def failures(self) -> FailurePort: ...

    def page(self) -> AbstractContextManager[None]:
        """One page's writes: kept together or not at all; a finished page counts towards
        the group's commit."""
        ...

    def on_lock(self, hook: Callable[[], None]) -> None: ...

    def on_commit(self, hook: Callable[[Any], None]) -> None:
        """``hook(handle)`` runs in each group's transaction before it commits (``handle``
        is the storage's own: a SQL connection for the SQL store)."""
        ...


class Storage(Protocol):
    """A store the runner can write: sessions, and the briefs refreshed after a batch."""

    @property
    def briefs(self) -> BriefPort: ...

    def session(self) -> AbstractContextManager[Session]:
        """A writer's session; committed pages stay committed whatever happens after."""
        ...

    def rebuild_session(self, facts: bool = True) -> AbstractContextManager[RebuildSession]:
        """One transaction under the writers' lock with derived state cleared (facts too
        with ``facts``)."""
        ...


class RebuildSession(Session, Protocol):
    def replay_order(self) -> list[int]:
        """Every article id in publication order (undated last, then by id)."""
        ...

    def stored_articles(self, ids: list[int]) -> list[Article]: ...

    def counts(self) -> tuple[int, int]:
        """(stories, lineage links) now."""
        ...


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Items in lists of ``size`` (the last may be shorter)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
